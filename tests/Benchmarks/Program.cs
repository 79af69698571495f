using BenchmarkDotNet.Running;

// Run all: dotnet run -c Release --project tests/Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(IommuSim.Benchmarks.KernelBenchmarks).Assembly).Run(args);
