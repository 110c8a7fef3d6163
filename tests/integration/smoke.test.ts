import { describe, expect, it } from "vitest";
import { listDepartments } from "@/lib/departments/queries";
import { useTestDatabase } from "../helpers/db";
import { makeDepartment } from "../helpers/factories";

describe("test database", () => {
  const db = useTestDatabase();
  it("is migrated and empty apart from what a test adds", async () => {
    expect(await listDepartments()).toEqual([]);
    await makeDepartment(db(), "Marketing");
    expect((await listDepartments()).map((d) => d.name)).toEqual(["Marketing"]);
  });
});
