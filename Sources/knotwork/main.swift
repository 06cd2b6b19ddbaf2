import KnotworkCLI

Knotwork.runAndExit()
