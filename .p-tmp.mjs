import pty from "@lydell/node-pty";
const env = { PATH: process.env.PATH, TERM: "dumb" };
for (const [prog, args] of [["cat", []], ["/bin/bash", ["-c", "cat"]], ["/bin/bash", ["-c", "cat; exit 0"]]]) {
const counts = {};
for (let i = 0; i < 40; i++) {
  const r = await new Promise((res) => {
    const q = pty.spawn(prog, args, { cwd: "/tmp", env, encoding: null, cols: 80, rows: 24 });
    q.onData(() => {});
    q.onExit((e) => res(JSON.stringify(e)));
    setTimeout(() => q.write("typed line\n"), 50);
    setTimeout(() => q.write("\u0004"), 150);
  });
  counts[r] = (counts[r] ?? 0) + 1;
}
console.log(prog, args, counts);
}
