using IommuSim.Kernel;
using IommuSim.Kernel.Randomness;
using IommuSim.Queueing;

namespace IommuSim.Tests.Queueing;

public class DeterminismTests
{
    // Records every wait as the run produces it: the observable event sequence of the model.
    private static List<long> Trace(ulong seed, bool extraStream)
    {
        var streams = new RandomStreams(seed);
        if (extraStream) streams.Get("a-new-component").NextUInt64();
        var sim = new Simulation();
        var station = new QueueingStation(sim, 2,
            new ExponentialDuration(streams.Get("arrivals"), SimTime.FromNanoseconds(600)),
            new ExponentialDuration(streams.Get("service"), SimTime.FromNanoseconds(1000)));
        var trace = new List<long>();
        station.Start(20_000);
        while (sim.Step()) trace.Add(sim.Now.Picoseconds);
        trace.Add((long)station.Waits.Sum);
        return trace;
    }

    [Fact]
    public void Same_seed_gives_the_identical_event_sequence() =>
        Assert.Equal(Trace(5, false), Trace(5, false));

    [Fact]
    public void Another_seed_gives_another_sequence() =>
        Assert.NotEqual(Trace(5, false), Trace(6, false));

    [Fact]
    public void Adding_a_component_stream_does_not_change_the_others() =>
        Assert.Equal(Trace(5, false), Trace(5, true));
}
