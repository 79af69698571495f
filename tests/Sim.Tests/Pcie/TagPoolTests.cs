using IommuSim.Kernel;
using IommuSim.Pcie;

namespace IommuSim.Tests.Pcie;

/// <summary>Tags bound a device's outstanding reads: the link's tags are a credit pool of one credit per request TLP.</summary>
public class TagPoolTests
{
    private sealed class Grants
    {
        public readonly List<(long Request, SimTime At)> Order = [];
        public Simulation Sim = null!;
    }

    private static readonly Action<object?, long> Granted = static (s, request) =>
    {
        var g = (Grants)s!;
        g.Order.Add((request, g.Sim.Now));
    };

    private static readonly Action<object?> ReleaseOne = static s => ((CreditPool)s!).Release(1);

    [Theory]
    [InlineData(32)]
    [InlineData(256)]
    [InlineData(768)]
    public void At_most_n_are_outstanding_and_the_next_waits_for_a_release(int tags)
    {
        var sim = new Simulation();
        var pool = new PcieLink(sim, new PcieLinkParams { Generation = 4, Tags = tags }).Tags;
        var grants = new Grants { Sim = sim };
        for (int i = 0; i < tags + 3; i++) pool.Acquire(1, Granted, grants, i);
        sim.Run();
        Assert.Equal(tags, grants.Order.Count);
        Assert.Equal(tags, pool.InUse);
        Assert.Equal(3, pool.QueueLength);
        Assert.Equal(3, pool.Waits);
        Assert.False(pool.TryAcquire(1));

        // Releases at 100, 200 and 300 ns hand the tags to the waiters in the order they asked.
        for (int k = 1; k <= 3; k++) sim.Schedule(SimTime.FromNanoseconds(100 * k), ReleaseOne, pool);
        sim.Run();
        Assert.Equal(tags + 3, grants.Order.Count);
        for (int k = 0; k < 3; k++)
        {
            Assert.Equal(tags + k, grants.Order[tags + k].Request);
            Assert.Equal(SimTime.FromNanoseconds(100 * (k + 1)), grants.Order[tags + k].At);
        }
        Assert.Equal(tags, pool.InUse);
        Assert.Equal(0, pool.QueueLength);
    }

    [Fact]
    public void Grants_are_first_come_first_served()
    {
        var sim = new Simulation();
        var pool = new CreditPool(sim, 1);
        var grants = new Grants { Sim = sim };
        for (int i = 0; i < 5; i++) pool.Acquire(1, Granted, grants, i);
        for (int k = 1; k <= 4; k++) sim.Schedule(SimTime.FromNanoseconds(k), ReleaseOne, pool);
        sim.Run();
        Assert.Equal([0L, 1, 2, 3, 4], grants.Order.Select(g => g.Request));
        Assert.Equal(4, pool.Waits);
        Assert.Equal(5, pool.Grants);
        pool.ResetStatistics();
        Assert.Equal(0, pool.Waits);
        Assert.Equal(1, pool.InUse);
    }

    [Fact]
    public void Releasing_a_free_pool_is_an_error()
    {
        var pool = new CreditPool(new Simulation(), 4);
        Assert.ThrowsAny<Exception>(() => pool.Release(1));
    }
}
