using System.Text;
using IommuSim.Devices.Replay;
using IommuSim.Kernel;
using IommuSim.Model;
using IommuSim.Model.Spec;
using IommuSim.Parameters;
using IommuSim.Platform;

namespace IommuSim.Tests.Devices.Replay;

/// <summary>
/// A replayed trace: its maps, unmaps and DMAs happen here as recorded (the same counts, each DMA at this model's
/// IOVA for the trace's), at the recorded times scaled by the speed, looped if asked; a bad row is a setup error
/// naming the trace's line and column.
/// </summary>
public sealed class ReplayDeviceTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("replay-tests-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    // n rounds of: map a 1500 B buffer, the device writes it 100 ns later, unmap 600 ns after that; every 1 us.
    private static string MapWriteUnmap(int rounds, int buffers)
    {
        var text = new StringBuilder("time,device,iova,size,direction\n");
        long t = 0;
        for (int k = 0; k < rounds; k++)
        {
            ulong iova = 0xffff0000UL - (ulong)(k % buffers) * 0x1000;
            text.Append($"{t}ns,nic0,0x{iova:x},1500,map\n");
            text.Append($"{t + 100}ns,nic0,0x{iova:x},1500,write\n");
            text.Append($"{t + 700}ns,nic0,0x{iova:x},1500,unmap\n");
            t += 1000;
        }
        return text.ToString();
    }

    private static ScenarioSpec Scenario(string file, HostMode mode, TraceFormat format = TraceFormat.Csv, double speed = 1, bool loop = false,
        SimTime? duration = null) => new()
    {
        Run = new RunSpec { Duration = duration ?? SimTime.FromMilliseconds(5), Warmup = SimTime.Zero, Seed = 1 },
        Host = new HostSpec { Mode = mode, Cpus = 1 },
        Devices = [new ReplaySpec { Name = "r0", Trace = new TraceReplayParams { File = file, Format = format, Speed = speed, Loop = loop } }],
    };

    private static double Figure(RunResult r, string name) => r.Devices[0].Figures.Single(f => f.Name == name).Value;

    [Theory]
    [InlineData(HostMode.Lazy)]
    [InlineData(HostMode.Strict)]
    public void Every_map_unmap_and_dma_of_the_trace_happens_once(HostMode mode)
    {
        string file = Write("t.csv", MapWriteUnmap(1000, 64));
        var model = new SystemModel(Scenario(file, mode), 0);
        var result = model.Run("base");
        Assert.Equal(3000, Figure(result, "records"));
        Assert.Equal(1000, Figure(result, "maps"));
        Assert.Equal(1000, Figure(result, "unmaps"));
        Assert.Equal(1000, Figure(result, "dmas"));
        Assert.Equal(0, Figure(result, "faults") + Figure(result, "unmatched_unmaps") + Figure(result, "dmas_outside_maps"));
        Assert.Equal(1000, model.Dma.MapCalls);
        Assert.Equal(1000, model.Dma.UnmapCalls);
        if (mode == HostMode.Strict) Assert.Equal(1000, model.Dma.StrictInvalidations);
        // Each write is 1500 B into its own mapping: every one translated.
        Assert.Equal(1000, result.Devices[0].IotlbHits + result.Devices[0].IotlbMisses);
        // 1000 writes of 1500 B in the 5 ms measured.
        Assert.Equal(1000 * 1500 * 8 / 0.005 / 1e9, result.Devices[0].AchievedGbps, 9);
    }

    [Fact]
    public void Speed_scales_the_recorded_times()
    {
        // Reads of pages no map covers (mapped before the run) 10 us apart: the last is due at 990 us, or 495 us at speed 2.
        var text = new StringBuilder("time,device,iova,size,direction\n");
        for (int k = 0; k < 100; k++) text.Append($"{k * 10}us,nvme0,0x{0x10000000 + k * 4096:x},4096,read\n");
        string file = Write("reads.csv", text.ToString());
        foreach (var (speed, until) in new[] { (1.0, 991), (2.0, 496) })
        {
            var spec = Scenario(file, HostMode.Lazy, speed: speed, duration: SimTime.FromMicroseconds(until));
            var result = new SystemModel(spec, 0).Run("base");
            Assert.Equal(100, Figure(result, "records"));
            Assert.Equal(0, Figure(result, "dmas_outside_maps"));
            var shorter = new SystemModel(spec with { Run = spec.Run with { Duration = SimTime.FromMicroseconds(until - 2) } }, 0).Run("base");
            Assert.Equal(99, Figure(shorter, "records"));
        }
    }

    [Fact]
    public void A_looped_trace_starts_again_after_its_last_record()
    {
        // 100 records over 990 us: looped, 3 ms hold three full passes and the start of a fourth (each pass 990 us + 1 ps).
        var text = new StringBuilder("time,device,iova,size,direction\n");
        for (int k = 0; k < 100; k++) text.Append($"{k * 10}us,nvme0,0x{0x10000000 + k * 4096:x},4096,read\n");
        string file = Write("loop.csv", text.ToString());
        var result = new SystemModel(Scenario(file, HostMode.Lazy, loop: true, duration: SimTime.FromMilliseconds(3)), 0).Run("base");
        // Passes start at 0, 990, 1980 and 2970 us; the fourth has records at 2970, 2980 and 2990 us within 3 ms.
        Assert.Equal(3 * 100 + 3, Figure(result, "records"));
    }

    [Fact]
    public void An_ftrace_trace_replays_its_maps_and_unmaps()
    {
        var text = new StringBuilder("# tracer: nop\n#\n");
        for (int k = 0; k < 200; k++)
        {
            ulong iova = 0xfffff000UL - (ulong)(k % 16) * 0x1000;
            double t = 100.000001 + k * 2e-6;
            text.Append($"     ksoftirqd/0-15      [000] ..s1. {t:F6}: map: IOMMU: iova=0x{iova:x16} - 0x{iova + 4096:x16} paddr=0x{0x123456000UL + (ulong)k * 4096:x16} size=4096\n");
            text.Append($"     ksoftirqd/0-15      [000] ..s1. {t + 1e-6:F6}: unmap: IOMMU: iova=0x{iova:x16} - 0x{iova + 4096:x16} size=4096 unmapped_size=4096\n");
        }
        string file = Write("trace.txt", text.ToString());
        var model = new SystemModel(Scenario(file, HostMode.Strict, TraceFormat.Ftrace, duration: SimTime.FromMilliseconds(1)), 0);
        var result = model.Run("base");
        Assert.Equal(200, Figure(result, "maps"));
        Assert.Equal(200, Figure(result, "unmaps"));
        Assert.Equal(200, model.Dma.StrictInvalidations);
    }

    [Fact]
    public void A_bad_row_is_a_setup_error_at_its_line_and_column()
    {
        string file = Write("bad.csv", "time,device,iova,size,direction\n1us,nic0,0x1000,4096,write\n2us,nic0,0x2000,4096,sideways\n");
        var e = Assert.Throws<ScenarioSetupException>(() => new SystemModel(Scenario(file, HostMode.Lazy), 0));
        Assert.Equal("devices.0.trace.file", e.Key);
        Assert.Contains("bad.csv:3:", e.Message);
        var missing = Assert.Throws<ScenarioSetupException>(() => new SystemModel(Scenario(Path.Combine(_dir, "none.csv"), HostMode.Lazy), 0));
        Assert.Contains("does not exist", missing.Message);
    }
}
