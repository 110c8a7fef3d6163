"use server";

import { authedAction } from "@/lib/actions";
import { endUserSessions } from "@/lib/auth/session-commands";
import { plural } from "@/lib/format";
import {
  createDepartment,
  renameDepartment,
  restoreDepartment,
  setDepartmentHead,
} from "@/lib/departments/commands";
import {
  createDepartmentSchema,
  renameDepartmentSchema,
  restoreDepartmentSchema,
  setDepartmentHeadSchema,
} from "@/lib/departments/schemas";
import { confirmOffboarding, type OffboardingResult } from "@/lib/offboarding/commands";
import { confirmOffboardingSchema } from "@/lib/offboarding/schemas";
import { updateSettings } from "@/lib/settings";
import { updateSettingsSchema } from "@/lib/settings/schemas";
import { createUser, issueInvite, setUserActive, updateUser } from "@/lib/users/commands";
import { createUserSchema, endUserSessionsSchema, issueInviteSchema, reactivateUserSchema, updateUserSchema } from "@/lib/users/schemas";

export const createUserAction = authedAction(
  createUserSchema,
  "users.manage",
  (input, actor) => createUser({ actor, input }),
  { message: (d) => (d.emailedTo ? "User created. Their one-time link is being emailed to them." : d.invitePath ? "User created. Send them the one-time link below." : "User created. They can sign in now.") },
);

export const updateUserAction = authedAction(updateUserSchema, "users.manage", (input, actor) => updateUser({ actor, input }), {
  message: "Changes saved.",
});

// Deactivating goes only through the preview of what the person owns (confirmDeactivationAction).
export const reactivateUserAction = authedAction(
  reactivateUserSchema,
  "users.manage",
  (input, actor) => setUserActive({ actor, userId: input.userId, active: true, reason: input.reason }),
  { message: "User reactivated." },
);

const offboardingMessage = (verb: string) => (d: OffboardingResult) =>
  `${d.name} was ${verb}. ${d.handedOn} ${d.handedOn === 1 ? "item was" : "items were"} handed on; ${d.flagged.length} ${d.flagged.length === 1 ? "was" : "were"} left flagged.`;

/** Deactivates a person after the admin saw what they own and chose successors (lib/offboarding). */
export const confirmDeactivationAction = authedAction(
  confirmOffboardingSchema,
  "users.manage",
  (input, actor) => confirmOffboarding({ actor, input: { ...input, subjectKind: "person" } }),
  { message: offboardingMessage("deactivated") },
);

/** Archives a department after the admin saw what it owns and chose successors (lib/offboarding). */
export const confirmArchiveAction = authedAction(
  confirmOffboardingSchema,
  "departments.manage",
  (input, actor) => confirmOffboarding({ actor, input: { ...input, subjectKind: "department" } }),
  { message: offboardingMessage("archived") },
);

export const issueInviteAction = authedAction(issueInviteSchema, "users.manage", (input, actor) => issueInvite({ actor, userId: input.userId }), {
  message: (d) => (d.emailedTo ? "New one-time link emailed. Any older link no longer works." : "New one-time link created. Any older link no longer works."),
});

export const endUserSessionsAction = authedAction(endUserSessionsSchema, "users.manage", (input, actor) => endUserSessions({ actor, userId: input.userId }), {
  message: (d) => (d.sessionsEnded === 0 ? "There were no sessions to end." : `Ended ${plural(d.sessionsEnded, "session")}.`),
});

export const createDepartmentAction = authedAction(createDepartmentSchema, "departments.manage", (input, actor) => createDepartment({ actor, name: input.name }), {
  message: "Department created.",
});

export const renameDepartmentAction = authedAction(renameDepartmentSchema, "departments.manage", (input, actor) => renameDepartment({ actor, ...input }), {
  message: "Renamed.",
});

export const setDepartmentHeadAction = authedAction(setDepartmentHeadSchema, "departments.manage", (input, actor) => setDepartmentHead({ actor, ...input }), {
  message: "Head updated.",
});

export const restoreDepartmentAction = authedAction(restoreDepartmentSchema, "departments.manage", (input, actor) => restoreDepartment({ actor, ...input }), {
});

export const updateSettingsAction = authedAction(updateSettingsSchema, "settings.manage", (input, actor) => updateSettings({ actor, input }), {
  // The time zone changes every date on every page, not only this one.
  message: "Settings saved.",
});
