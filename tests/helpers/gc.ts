import v8 from "node:v8";
import vm from "node:vm";

// The collector, for tests about what a finished piece of work leaves reachable. Node starts
// without `gc` exposed; the flag can be set at run time and a fresh context then has it.
v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc") as () => void;

/**
 * Whether the object behind `ref` is collected within a few full collections. A WeakRef read in
 * a job keeps its target alive until that job ends, so each attempt waits a turn of the event
 * loop first.
 */
export async function collected(ref: WeakRef<object>, attempts = 6): Promise<boolean> {
  for (let i = 0; i < attempts; i++) {
    await new Promise((resolve) => setImmediate(resolve));
    gc();
    if (ref.deref() === undefined) return true;
  }
  return false;
}
