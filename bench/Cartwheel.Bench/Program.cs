// Benchmark harnesses: `dotnet run -c Release --project bench/Cartwheel.Bench -- <harness> [options]`.
// Results are recorded in docs/benchmarks.md with the command, machine and date.
using Cartwheel.Bench;

return await BenchProgram.RunAsync(args);
