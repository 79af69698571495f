using IommuSim.Kernel;

namespace IommuSim.Tests.Kernel;

public class StoreTests
{
    private static SimTime Ns(long n) => SimTime.FromNanoseconds(n);

    [Fact]
    public void Bounded_store_blocks_the_producer_until_the_consumer_takes()
    {
        var sim = new Simulation();
        var store = new Store<int>(sim, capacity: 2);
        var putTimes = new List<SimTime>();
        var got = new List<(int, SimTime)>();
        IEnumerable<Event> Producer()
        {
            for (int i = 0; i < 4; i++)
            {
                yield return store.Put(i);
                putTimes.Add(sim.Now);
            }
        }
        IEnumerable<Event> Consumer()
        {
            for (int i = 0; i < 4; i++)
            {
                yield return sim.Timeout(Ns(10));
                var g = store.Get();
                yield return g;
                got.Add((g.Item, sim.Now));
            }
        }
        sim.Process(Producer());
        sim.Process(Consumer());
        sim.Run();
        // Items 0 and 1 fit at once; 2 waits for the get at 10 ns, 3 for the one at 20 ns.
        Assert.Equal(new[] { Ns(0), Ns(0), Ns(10), Ns(20) }, putTimes);
        Assert.Equal(new[] { (0, Ns(10)), (1, Ns(20)), (2, Ns(30)), (3, Ns(40)) }, got);
    }

    [Fact]
    public void Get_on_empty_store_waits_for_a_put()
    {
        var sim = new Simulation();
        var store = new Store<string>(sim);
        var get = store.Get();
        Assert.False(store.TryGet(out _));
        sim.Schedule(Ns(5), _ => store.Put("x"), null);
        sim.Run();
        Assert.Equal("x", get.Item);
        Assert.Equal(0, store.Count);
    }
}
