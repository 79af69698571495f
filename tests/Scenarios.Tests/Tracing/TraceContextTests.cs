namespace IommuSim.Scenarios.Tests.Tracing;

/// <summary>
/// Each trace line carries the context its call ran in, from the model: the CPU whose driver called, the task for
/// process-context work, NAPI's softirq or the hard interrupt handler for the work after an interrupt.
/// </summary>
public sealed class TraceContextTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private IReadOnlyList<TraceLine> Trace(string scenario, params string[] more)
    {
        var (exit, _, err) = CliRunner.Run(["trace", scenario, "--out", _dir["t"], "--format", "text", "--events", "map,unmap", .. more]);
        Assert.True(exit == 0, err);
        return TraceLine.Read(_dir["t"] + ".txt");
    }

    [Fact]
    public void Nvme_io_is_mapped_by_fio_on_each_queues_cpu_and_unmapped_in_the_hard_interrupt()
    {
        var lines = Trace(RepositoryFiles.Path("scenarios/nvme-scatter-gather.yaml"), "--set", "run.duration=1ms", "--set", "run.warmup=0ms");
        var run = lines.Where(l => l.Task != "modprobe").ToList();
        var maps = run.Where(l => l.Event == "map").ToList();
        var unmaps = run.Where(l => l.Event == "unmap").ToList();
        Assert.NotEmpty(maps);
        Assert.NotEmpty(unmaps);
        Assert.All(maps, l => Assert.Equal(("fio", "....."), (l.Task, l.Flags)));
        // One fio task per CPU, with its own pid: the scenario's four queues on CPUs 0-3.
        Assert.Equal([0, 1, 2, 3], maps.Select(l => l.Cpu).Distinct().Order());
        Assert.Equal(4, maps.Select(l => l.Pid).Distinct().Count());
        Assert.All(maps.GroupBy(l => l.Cpu), g => Assert.Single(g.Select(l => l.Pid).Distinct()));
        // nvme_irq completes the request on its CPU: interrupts off, in hard interrupt, the idle task interrupted.
        Assert.All(unmaps, l => Assert.Equal(("<idle>", 0, "d.h.."), (l.Task, l.Pid, l.Flags)));
        // The four kernel-era layouts: the 4.x kernel prints four flag columns.
        var old = Trace(RepositoryFiles.Path("scenarios/nvme-scatter-gather.yaml"), "--set", "run.duration=1ms", "--kernel", "4.x");
        Assert.Contains(old, l => l.Event == "unmap" && l.Flags == "d.h.");
    }

    [Fact]
    public void A_dma_stream_maps_in_its_task_and_unmaps_in_its_interrupt_handler()
    {
        var lines = Trace(RepositoryFiles.Path("scenarios/fault-injection.yaml"), "--set", "run.duration=1ms", "--variant", "base");
        Assert.All(lines.Where(l => l.Event == "map"), l => Assert.Equal(("nic0", 0, "....."), (l.Task, l.Cpu, l.Flags)));
        Assert.All(lines.Where(l => l.Event == "unmap"), l => Assert.Equal(("<idle>", "d.h.."), (l.Task, l.Flags)));
        Assert.Contains(lines, l => l.Event == "unmap");
    }

    [Fact]
    public void A_nic_maps_what_it_sends_in_the_sending_task_and_unmaps_it_in_napi()
    {
        string scenario = _dir.Write("tx.yaml", """
            name: tx
            run: { duration: 200us, warmup: 0ms, seed: 1, replications: 1 }
            host: { mode: strict, cpus: 2 }
            devices:
              - name: eth0
                type: nic
                line_rate: 10Gbps
                direction: tx
                queues: 2
                traffic: { pattern: constant, load: 0.5, size: 1514B }
            """);
        var lines = Trace(scenario);
        var maps = lines.Where(l => l.Event == "map" && l.Task != "modprobe").ToList();
        var unmaps = lines.Where(l => l.Event == "unmap").ToList();
        Assert.NotEmpty(maps);
        Assert.NotEmpty(unmaps);
        Assert.All(maps, l => Assert.Equal(("iperf3", "....."), (l.Task, l.Flags)));
        // TX completions are cleaned in NAPI: the NET_RX softirq, on the idle task it interrupted.
        Assert.All(unmaps, l => Assert.Equal(("<idle>", 0, "..s.."), (l.Task, l.Pid, l.Flags)));
    }

    [Fact]
    public void A_nic_refills_and_receives_per_packet_buffers_in_napi_on_each_queues_cpu()
    {
        string scenario = _dir.Write("rx.yaml", """
            name: rx
            run: { duration: 200us, warmup: 0ms, seed: 1, replications: 1 }
            host: { mode: lazy, cpus: 2 }
            devices:
              - name: eth0
                type: nic
                line_rate: 10Gbps
                rx_buffers: per-packet
                queues: 2
                ack_every: 0
                traffic: { pattern: poisson, load: 0.5, size: 1514B, flows: 64 }
            """);
        var run = Trace(scenario).Where(l => l.Task != "modprobe").ToList();
        Assert.Contains(run, l => l.Event == "map");
        Assert.Contains(run, l => l.Event == "unmap");
        // Refill (map) and receive (unmap) both run in the NAPI poll, the NET_RX softirq of the queue's CPU.
        Assert.All(run, l => Assert.Equal(("<idle>", 0, "..s.."), (l.Task, l.Pid, l.Flags)));
        Assert.Equal([0, 1], run.Select(l => l.Cpu).Distinct().Order());
    }
}
