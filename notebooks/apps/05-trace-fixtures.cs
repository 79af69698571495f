// 05-trace-fixtures.cs: the experiment of notebooks/05-trace-fixtures.ipynb as a .NET 10 file-based app, written by
// `iommusim notebook export notebooks/05-trace-fixtures.ipynb`; change the notebook and export again rather than this file.
// Run from anywhere: dotnet run notebooks/apps/05-trace-fixtures.cs [-- OUTPUT_DIRECTORY]   (default: out/05-trace-fixtures)
// Where the notebook displays a chart this writes CHART_ID.html; a table, TABLE_NAME.csv; anything else it prints.
#:project ../../src/Sim/Sim.csproj
using IommuSim.Devices.Replay;
using IommuSim.Experiments;
using IommuSim.Reporting;

var exportPath = args.Length > 0 ? args[0] : Path.Combine("out", "05-trace-fixtures");
var exportDirectory = Path.GetFullPath(exportPath);
Directory.CreateDirectory(exportDirectory);
var exportedFiles = new HashSet<string>();
// The notebook's relative paths are from notebooks/, where the kernel runs it.
Directory.SetCurrentDirectory(Path.Combine(AppContext.GetData("EntryPointFileDirectoryPath") as string
    ?? throw new InvalidOperationException("run this app with dotnet run FILE.cs"), ".."));

// Cell 1 (markdown)
// # 05 · Trace fixtures: a small, deterministic Linux `iommu` trace
//
// Developers of trace tools need traces whose every event is known. **Can we make a small trace of a run with faults,
// see it as ftrace text, and read it back with counts that match the run's own counters?** The scenario is the shipped
// `scenarios/fault-injection.yaml` (1% of DMAs stray to an unmapped IOVA, on AMD-Vi), cut to 2 ms without warm-up, so
// that every map, unmap and fault of the run is in the trace.
//
// Open it from the repository root: `dotnet build src/Sim -c Release && dotnet tool restore && dotnet interactive jupyter install`,
// then `jupyter notebook notebooks/` (or open the file in VS Code and pick the kernel .NET (C#)). The same experiment
// runs without a kernel as `dotnet run notebooks/apps/05-trace-fixtures.cs`.

// Cell 3
var scenario = Scenario.Load("../scenarios/fault-injection.yaml")
    .With("run.duration", "2ms")
    .With("run.warmup", "0ms")
    .With("run.replications", 1);
var fixture = scenario.Trace(variant: "base", kernel: "current");
Console.WriteLine(fixture);

// Cell 4 (markdown)
// ## The trace
//
// The text is what `/sys/kernel/tracing/trace` prints (header, then one line per event: task-pid, CPU, flags, time,
// event); `fixture.Dat` holds the same events as a trace-cmd `trace.dat`, which `trace-cmd report` reads (the
// repository's tests check that it prints these lines). The first lines are the boot's group and attach events.

// Cell 5
foreach (var line in fixture.EventLines.Take(8)) Console.WriteLine(line);
Console.WriteLine("...");
foreach (var line in fixture.EventLines.Where(l => l.Contains("io_page_fault")).Take(2)) Console.WriteLine(line);

// Cell 6 (markdown)
// ## Read it back
//
// `FtraceIommuReader` is the reader the `replay` device uses on recorded traces: it reads the map and unmap events and
// skips the others. The counts come back as the run's `iommu.csv` counters have them.

// Cell 7
var reader = new FtraceIommuReader(new System.IO.StringReader(fixture.Text));
long maps = 0, unmaps = 0;
while (reader.Read(out var record))
{
    if (record.Event == IommuTraceEventKind.Map) maps++;
    else unmaps++;
}
var counters = fixture.Run.IommuUnits;
var counts = Table.Of("trace-counts", new[]
{
    new { Event = "map", InTrace = maps, InRun = counters.Sum(u => u.IommuMaps) },
    new { Event = "unmap", InTrace = unmaps, InRun = counters.Sum(u => u.IommuUnmaps) },
    new { Event = "io_page_fault", InTrace = (long)fixture.EventLines.Count(l => l.Contains(" io_page_fault: ")), InRun = counters.Sum(u => u.Faults) },
});
display(counts);
Console.WriteLine($"Read back: {maps} maps, {unmaps} unmaps, {reader.Problems.Count} problems; the run counted {counts[0].InRun} maps, {counts[1].InRun} unmaps and {counts[2].InRun} fault(s)");
Console.WriteLine($"trace.dat: {fixture.Dat.Length:N0} bytes, starting with trace-cmd's magic: {fixture.Dat[0] == 0x17 && fixture.Dat[1] == 0x08 && fixture.Dat[2] == 0x44}");

// Cell 8 (markdown)
// ## As a chart
//
// The library's chart records are not only for the report: this bar chart is built by hand from the table and drawn by
// the same renderer.

// Cell 9
var chart = new Chart("trace-counts", "Events in the trace and in the run's counters", ChartKind.Bar,
    new ChartAxis("Event"), new ChartAxis("Events"),
    [
        new ChartSeries("in the trace", [.. counts.Select((c, i) => new ChartPoint(i, c.InTrace, c.Event))]),
        new ChartSeries("counted by the run", [.. counts.Select((c, i) => new ChartPoint(i, c.InRun, c.Event))]),
    ]);
display(chart);

// Cell 10 (markdown)
// ## Answer
//
// Yes. Two simulated milliseconds give a trace of **329 events**: the boot's four group and attach events, then **162 maps**
// and **162 unmaps** (one of each per DMA, as the driver maps every request) and the stray DMA's fault. Read back, the
// text gives the same counts as the run's own counters (the `iommu_maps`, `iommu_unmaps` and `io_page_faults` of
// `iommu.csv`), with **0 problems**, and the same scenario and seed give the same bytes every time. The command line writes
// the same trace to files: `iommusim trace scenarios/fault-injection.yaml --format both --out out/trace`.

// The notebook's display(): charts as HTML pages, tables as CSV, anything else printed.
void display(object? value)
{
    if (value is IommuSim.Reporting.Chart chart) exportFile(chart.Id, ".html", IommuSim.Reporting.ChartImages.ToHtml(chart));
    else if (value is IommuSim.Experiments.IResultTable table) exportFile(table.Name, ".csv", table.ToCsv());
    else Console.WriteLine(value);
}

// A name written twice in one run gets -2, -3, ...: each display call keeps its own file.
void exportFile(string name, string extension, string text)
{
    string file = name + extension;
    for (int n = 2; !exportedFiles.Add(file); n++) file = $"{name}-{n}{extension}";
    File.WriteAllText(Path.Combine(exportDirectory, file), text);
    Console.WriteLine($"wrote {Path.Combine(exportPath, file)}");
}
