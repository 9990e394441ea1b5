// Release-mode benchmarks: `swift run -c release SwitchboardBenchmarks --help`.
print("no benchmarks yet")
