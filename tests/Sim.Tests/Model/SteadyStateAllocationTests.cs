using IommuSim.Devices.DmaStream;
using IommuSim.Kernel;
using IommuSim.Model;
using IommuSim.Model.Spec;
using IommuSim.Platform;
using IommuSim.Tests.Support;
using IommuSim.Units;

namespace IommuSim.Tests.Model;

/// <summary>
/// A whole system in steady state allocates nothing per DMA: the device's slots, the CPUs' queues, pending
/// unmaps, flush-queue records, translations and invalidation completions are all pooled.
/// </summary>
public class SteadyStateAllocationTests
{
    [Theory]
    [InlineData(HostMode.Strict, BufferMapping.PerRequest)]
    [InlineData(HostMode.Lazy, BufferMapping.PerRequest)]
    [InlineData(HostMode.Lazy, BufferMapping.PreMapped)]
    public void Per_dma_work_allocates_nothing_once_warm(HostMode mode, BufferMapping mapping)
    {
        var spec = new ScenarioSpec
        {
            Host = new HostSpec { Mode = mode },
            Devices =
            [
                new DmaStreamSpec
                {
                    Name = "nic0", Rate = BitRate.Parse("4Gbps"), Size = ByteSize.Parse("1500B"), Buffers = 1024,
                    BufferSize = ByteSize.Parse("2KiB"), Access = AccessPattern.Uniform, Mapping = mapping,
                },
            ],
        };
        var model = new SystemModel(spec, 0);
        foreach (var d in model.Devices) d.Start();
        var sim = model.Simulation;
        sim.Run(SimTime.FromMilliseconds(30));        // pools, queues and caches at their working size; JIT done
        long before = model.Devices[0].Counters.Completed;
        long allocated = AllocationProbe.LeastBytes(() => sim.Run(sim.Now + SimTime.FromMilliseconds(2)));
        Assert.True(model.Devices[0].Counters.Completed - before > 1500);   // about 666 DMAs per millisecond, three attempts
        Assert.Equal(0, allocated);
    }
}
