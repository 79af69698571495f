using IommuSim.Devices.Nic;
using IommuSim.Platform;
using IommuSim.Kernel;
using IommuSim.Model.Spec;
using IommuSim.Pcie;
using IommuSim.Units;

namespace IommuSim.Model;

/// <summary>
/// The model behind <c>iommusim bench e2e</c>: a NIC receiving at line rate, 1514 B frames, 8 queues of 1024
/// descriptors, 4 KiB page_pool buffers, lazy mode, each queue on its own CPU; the link wide enough for the rate
/// (Gen4 x16 up to 200 GbE, Gen5 x16 beyond); DDIO on, as Intel servers ship.
/// </summary>
public sealed class NicBenchmark
{
    /// <summary>Queues (and CPUs) of the benchmark NIC.</summary>
    public const int Queues = 8;

    /// <summary>The scenario for a port of <paramref name="gbps"/> GbE, measured for <paramref name="duration"/> after 1 ms of warm-up.</summary>
    public static ScenarioSpec Scenario(int gbps, SimTime duration) => new()
    {
        Name = $"bench-e2e-{gbps}g",
        Description = $"{gbps} GbE receive at line rate, 1514 B frames, {Queues} queues x 1024 descriptors, 4 KiB page_pool buffers, lazy.",
        Run = new RunSpec { Duration = duration, Warmup = SimTime.FromMilliseconds(1), Seed = 1 },
        Host = new HostSpec { Mode = HostMode.Lazy, Cpus = Queues },
        Platform = new PlatformSpec { RootComplex = new RootComplexParams { Ddio = true } },
        Devices =
        [
            new NicSpec
            {
                Name = "eth0",
                LineRate = BitRate.FromGbps(gbps),
                Queues = Queues,
                RingSize = 1024,
                PoolSize = 1024,
                Traffic = new TrafficParams { Pattern = TrafficPattern.Constant, Load = 1.0 },
                Pcie = new PcieLinkParams { Generation = gbps > 200 ? 5 : 4, Lanes = 16 },
            },
        ],
    };

    /// <summary>What one timed run did.</summary>
    /// <param name="SimulatedSeconds">Simulated time, warm-up included.</param>
    /// <param name="WallSeconds">Wall-clock time of the run.</param>
    /// <param name="Frames">Frames that arrived.</param>
    /// <param name="Events">Events the kernel processed.</param>
    /// <param name="AllocatedBytes">Bytes the run allocated on its thread, setup included.</param>
    /// <param name="SetupAllocatedBytes">Of those, bytes allocated building the model before it ran.</param>
    /// <param name="AchievedGbps">Achieved payload throughput.</param>
    public readonly record struct Measurement(double SimulatedSeconds, double WallSeconds, long Frames, long Events, long AllocatedBytes,
        long SetupAllocatedBytes, double AchievedGbps);

    /// <summary>Builds and runs the scenario once, timing it.</summary>
    public static Measurement Measure(int gbps, SimTime duration)
    {
        var spec = Scenario(gbps, duration);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var model = new SystemModel(spec, replication: 0);
        long setup = GC.GetAllocatedBytesForCurrentThread() - before;
        var result = model.Run("base");
        watch.Stop();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        var device = result.Devices[0];
        // The counters restarted after warm-up; at a constant line rate the warm-up's frames are in proportion.
        double simulated = (spec.Run.Warmup + spec.Run.Duration).TotalSeconds;
        long frames = (long)Math.Round(device.Issued * simulated / spec.Run.Duration.TotalSeconds);
        return new Measurement(simulated, watch.Elapsed.TotalSeconds, frames, model.Simulation.ProcessedEvents, allocated, setup,
            device.AchievedGbps);
    }
}
