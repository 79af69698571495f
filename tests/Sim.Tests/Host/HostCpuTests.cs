using IommuSim.Host;
using IommuSim.Kernel;

namespace IommuSim.Tests.Host;

public class HostCpuTests
{
    private static SimTime Ns(long n) => SimTime.FromNanoseconds(n);

    // An operation that takes the CPU in a context, holds it for a duration and logs when it started.
    private static void Op(Simulation sim, HostCpu cpu, CpuContext context, long ns, List<(string, long)> log, string name) =>
        cpu.Acquire(context, (_, _) =>
        {
            log.Add((name, sim.Now.Picoseconds / 1000));
            cpu.Account(CpuWork.Map, Ns(ns));
            sim.Schedule(Ns(ns), _ => cpu.Release(), null);
        }, null, 0);

    [Fact]
    public void One_operation_at_a_time_interrupt_work_first_then_tasks_in_arrival_order()
    {
        var sim = new Simulation();
        var cpu = new HostCpu(sim, 0);
        var log = new List<(string, long)>();
        // A holds 0-300 ns. While it runs, tasks B and C and then interrupt I arrive: I goes next (no
        // preemption of A), then B and C in order.
        Op(sim, cpu, CpuContext.Task, 300, log, "A");
        sim.Schedule(Ns(10), _ => Op(sim, cpu, CpuContext.Task, 100, log, "B"), null);
        sim.Schedule(Ns(20), _ => Op(sim, cpu, CpuContext.Task, 100, log, "C"), null);
        sim.Schedule(Ns(30), _ => Op(sim, cpu, CpuContext.Interrupt, 50, log, "I"), null);
        sim.Run();
        Assert.Equal([("A", 0), ("I", 300), ("B", 350), ("C", 450)], log);
        Assert.Equal(Ns(550), cpu.BusyTime);
        Assert.Equal(1.0, cpu.Utilisation);
        Assert.Equal(4, cpu.Operations);
        Assert.Equal(Ns(550), cpu.WorkTime(CpuWork.Map));
    }

    [Fact]
    public void The_holders_context_is_the_one_it_asked_for_and_none_for_setup_or_a_free_cpu()
    {
        var sim = new Simulation();
        var cpu = new HostCpu(sim, 0);
        var seen = new List<(string, CpuContext?)>();
        // A task holds 0-100 ns; an interrupt asked at 10 ns gets the CPU at 100 ns; a task asked at 20 ns at 150 ns.
        void Hold(CpuContext context, long ns, string name) => cpu.Acquire(context, (_, _) =>
        {
            seen.Add((name, cpu.HolderContext));
            sim.Schedule(Ns(ns), _ => cpu.Release(), null);
        }, null, 0);
        Hold(CpuContext.Task, 100, "task");
        sim.Schedule(Ns(10), _ => Hold(CpuContext.Interrupt, 50, "irq"), null);
        sim.Schedule(Ns(20), _ => Hold(CpuContext.Task, 50, "task2"), null);
        sim.Run();
        Assert.Equal([("task", CpuContext.Task), ("irq", CpuContext.Interrupt), ("task2", CpuContext.Task)], seen);
        Assert.Null(cpu.HolderContext);
        // Setup takes a free CPU with TryAcquire: held, but in no context a trace line could name.
        Assert.True(cpu.TryAcquire());
        Assert.Null(cpu.HolderContext);
        cpu.Release();
    }

    [Fact]
    public void Busy_time_counts_holds_only_and_a_new_window_counts_a_running_hold_from_its_start()
    {
        var sim = new Simulation();
        var cpu = new HostCpu(sim, 3);
        var log = new List<(string, long)>();
        Op(sim, cpu, CpuContext.Task, 400, log, "A");                       // 0-400 ns
        sim.Schedule(Ns(600), _ => Op(sim, cpu, CpuContext.Task, 200, log, "B"), null);   // 600-800 ns
        sim.Run(Ns(300));
        cpu.Reset();                                                        // window from 300 ns
        sim.Run(Ns(1300));
        // Busy 300-400 and 600-800 ns: 300 ns of the 1,000 ns window; B's 200 ns of accounted work.
        Assert.Equal(Ns(300), cpu.BusyTime);
        Assert.Equal(0.3, cpu.Utilisation, 12);
        Assert.Equal((Ns(200), 2L), (cpu.WorkTime(CpuWork.Map), cpu.Operations));
    }

    [Fact]
    public void Work_is_accounted_only_on_a_held_cpu_and_setup_must_release_it()
    {
        var sim = new Simulation();
        var cpu = new HostCpu(sim, 0);
        Assert.Throws<InvalidOperationException>(() => cpu.Account(CpuWork.Unmap, Ns(1)));
        Assert.True(cpu.TryAcquire());
        Assert.False(cpu.TryAcquire());
        Assert.Throws<InvalidOperationException>(cpu.Clear);
        cpu.Release();
        cpu.Clear();
        Assert.Throws<InvalidOperationException>(cpu.Release);
    }

    [Fact]
    public void The_dma_api_refuses_a_call_on_a_cpu_its_caller_does_not_hold()
    {
        var f = new DmaFixture(IommuSim.Platform.HostMode.Strict);
        var dev = f.Device(IommuSim.Iommu.DomainType.DmaStrict);
        var ex = Assert.Throws<InvalidOperationException>(() =>
            f.Api.TryMapSingle(dev, 0, 0x1000, 4096, DmaDataDirection.FromDevice, out _, out _));
        Assert.Contains("does not hold", ex.Message);
    }

    [Fact]
    public void Mean_waiting_is_the_time_average_of_the_queue()
    {
        var sim = new Simulation();
        var cpu = new HostCpu(sim, 0);
        var log = new List<(string, long)>();
        // A holds 0-1000 ns; B waits 0-1000, C waits 0-1500 (B holds 1000-1500), then C holds 1500-2000.
        Op(sim, cpu, CpuContext.Task, 1000, log, "A");
        Op(sim, cpu, CpuContext.Task, 500, log, "B");
        Op(sim, cpu, CpuContext.Task, 500, log, "C");
        sim.Run();
        // Queue 2 for 1,000 ns, 1 for 500 ns, 0 for 500 ns over 2,000 ns: 2,500 / 2,000 = 1.25.
        Assert.Equal(1.25, cpu.MeanWaiting, 12);
    }
}
