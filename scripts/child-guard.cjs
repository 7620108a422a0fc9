// Loaded into the Next process by the launcher (node --require): the
// launcher holds an IPC channel to it, and when that channel closes — the
// launcher exited, even by SIGKILL — Next stops too instead of living on as
// an orphan that holds its port.
if (typeof process.send === "function") {
  process.on("disconnect", () => {
    console.error("[secrets] The launcher is gone; stopping the app.");
    process.exit(70);
  });
}
