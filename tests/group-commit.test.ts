import { describe, expect, it } from "vitest";
import { groupCommit, settled, togetherOrEach } from "@/lib/group-commit";

/** The batching under the API's hot path: who is written with whom, and who hears of a failure. */
describe("groupCommit", () => {
  it("writes a lone item at once, on its own", async () => {
    const batches: number[][] = [];
    const write = groupCommit(async (items: number[]) => {
      batches.push(items);
      return items.map((n) => n * 2);
    });
    expect(await write(21)).toBe(42);
    expect(batches).toEqual([[21]]);
  });

  it("writes the items that arrive during a write together in the next one, each getting its own result", async () => {
    const batches: number[][] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const write = groupCommit(async (items: number[]) => {
      batches.push(items);
      if (batches.length === 1) await gate;
      return items.map((n) => `r${n}`);
    });
    const first = write(0);
    await Promise.resolve(); // the first write is in flight
    await new Promise((r) => setTimeout(r, 0));
    const rest = [1, 2, 3, 4].map((n) => write(n));
    release();
    expect(await Promise.all([first, ...rest])).toEqual(["r0", "r1", "r2", "r3", "r4"]);
    expect(batches).toEqual([[0], [1, 2, 3, 4]]);
  });

  it("caps a batch and writes the remainder next", async () => {
    const batches: number[][] = [];
    const write = groupCommit(async (items: number[]) => {
      batches.push(items);
      return items;
    }, 3);
    await Promise.all([1, 2, 3, 4, 5, 6, 7].map((n) => write(n)));
    expect(batches).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
  });

  it("rejects only the callers of the batch that failed, and goes on with the next", async () => {
    let calls = 0;
    const write = groupCommit(async (items: string[]) => {
      calls += 1;
      if (calls === 1) throw new Error("database unavailable");
      return items.map((s) => s.toUpperCase());
    });
    const failed = expect(write("a")).rejects.toThrow("database unavailable");
    await new Promise((r) => setTimeout(r, 0));
    const later = write("b");
    await failed;
    expect(await later).toBe("B");
  });

  it("with two in flight, starts a second write while the first waits, and no third", async () => {
    const started: number[][] = [];
    const gates: (() => void)[] = [];
    let running = 0;
    let most = 0;
    const write = groupCommit(
      async (items: number[]) => {
        started.push(items);
        most = Math.max(most, ++running);
        await new Promise<void>((resolve) => gates.push(resolve));
        running--;
        return items;
      },
      256,
      2,
    );
    const a = write(1);
    await new Promise((r) => setTimeout(r, 0));
    const b = write(2);
    await new Promise((r) => setTimeout(r, 0));
    const rest = [3, 4, 5].map((n) => write(n));
    await new Promise((r) => setTimeout(r, 0));
    expect(started).toEqual([[1], [2]]); // both slots busy: 3, 4 and 5 wait together
    gates.shift()!();
    expect(await a).toEqual(1);
    await new Promise((r) => setTimeout(r, 0));
    expect(started).toEqual([[1], [2], [3, 4, 5]]);
    while (gates.length) gates.shift()!();
    expect(await Promise.all([b, ...rest])).toEqual([2, 3, 4, 5]);
    expect(most).toBe(2);
  });

  it("sends the next batch before the callers of the one just written run on", async () => {
    const order: string[] = [];
    const gates: (() => void)[] = [];
    const write = groupCommit(async (items: number[]) => {
      order.push(`write ${items.join(",")}`);
      await new Promise<void>((resolve) => gates.push(resolve));
      return items;
    });
    const first = write(1).then(() => order.push("caller of 1 runs on"));
    await new Promise((r) => setTimeout(r, 0));
    const second = write(2);
    gates.shift()!();
    await first;
    // Under load a batch's callers do a statement's worth of work: the waiting batch does not wait for it.
    expect(order).toEqual(["write 1", "write 2", "caller of 1 runs on"]);
    gates.shift()!();
    expect(await second).toBe(2);
  });

  it("fails only the batch whose write throws outright, and still answers the batch before it", async () => {
    const gates: (() => void)[] = [];
    let calls = 0;
    const write = groupCommit((items: number[]) => {
      if (++calls === 2) throw new Error("thrown, not rejected");
      return new Promise<number[]>((resolve) => gates.push(() => resolve(items)));
    });
    const first = write(1);
    await new Promise((r) => setTimeout(r, 0));
    const second = write(2);
    gates.shift()!();
    expect(await first).toBe(1);
    await expect(second).rejects.toThrow("thrown, not rejected");
    const third = write(3);
    await new Promise((r) => setTimeout(r, 0));
    gates.shift()!();
    expect(await third).toBe(3);
  });
});

describe("togetherOrEach", () => {
  const write = (calls: number[][]) => async (items: number[]) => {
    calls.push(items);
    if (items.includes(13)) throw new Error("13 refused");
    return items.map((n) => n * 2);
  };

  it("writes once when the batch goes in, and each alone when it fails, so only the bad item fails", async () => {
    const calls: number[][] = [];
    expect((await togetherOrEach([1, 2], write(calls))).map(settled)).toEqual([2, 4]);
    const outcomes = await togetherOrEach([1, 13, 3], write(calls));
    expect(calls).toEqual([[1, 2], [1, 13, 3], [1], [13], [3]]);
    expect(settled(outcomes[0])).toBe(2);
    expect(() => settled(outcomes[1])).toThrow("13 refused");
    expect(settled(outcomes[2])).toBe(6);
  });

  it("fails them all at once when the error is not one an item could cause", async () => {
    const calls: number[][] = [];
    const outcomes = await togetherOrEach([1, 13, 3], write(calls), () => false);
    expect(calls).toEqual([[1, 13, 3]]);
    for (const outcome of outcomes) expect(() => settled(outcome)).toThrow("13 refused");
  });
});
