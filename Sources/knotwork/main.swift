import KnotworkCLI

await Knotwork.runAndExit()
