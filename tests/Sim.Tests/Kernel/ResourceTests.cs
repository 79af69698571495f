using IommuSim.Kernel;

namespace IommuSim.Tests.Kernel;

public class ResourceTests
{
    private static SimTime Ns(long n) => SimTime.FromNanoseconds(n);

    [Fact]
    public void Requests_are_granted_first_come_first_served()
    {
        // Capacity 2, four customers arriving at 0,1,2,3 ns each holding 10 ns:
        // A,B start at 0,1; C waits for A's release at 10; D waits for B's at 11.
        var sim = new Simulation();
        var res = new Resource(sim, 2);
        var starts = new Dictionary<string, SimTime>();
        IEnumerable<Event> Customer(string name, long arrive)
        {
            yield return sim.Timeout(Ns(arrive));
            using var req = res.Request();
            yield return req;
            starts[name] = sim.Now;
            yield return sim.Timeout(Ns(10));
        }
        sim.Process(Customer("A", 0));
        sim.Process(Customer("B", 1));
        sim.Process(Customer("C", 2));
        sim.Process(Customer("D", 3));
        sim.Run();
        Assert.Equal(Ns(0), starts["A"]);
        Assert.Equal(Ns(1), starts["B"]);
        Assert.Equal(Ns(10), starts["C"]);
        Assert.Equal(Ns(11), starts["D"]);
        Assert.Equal(0, res.InUse);
        Assert.Equal(0, res.QueueLength);
    }

    [Fact]
    public void A_withdrawn_request_is_skipped()
    {
        var sim = new Simulation();
        var res = new Resource(sim, 1);
        var held = res.Request();
        var withdrawn = res.Request();
        var third = res.Request();
        Assert.Equal(2, res.QueueLength);
        withdrawn.Dispose();
        Assert.Equal(1, res.QueueLength);
        held.Dispose();
        sim.Run();
        Assert.False(withdrawn.IsTriggered);
        Assert.True(third.IsProcessed);
        Assert.Equal(1, res.InUse);
    }

    [Fact]
    public void Callback_waiters_share_the_fifo_with_request_events()
    {
        var sim = new Simulation();
        var res = new Resource(sim, 1);
        var order = new List<string>();
        Assert.True(res.TryAcquire());
        var req = res.Request();
        req.AddCallback(_ => order.Add("event"));
        res.Acquire(s => order.Add((string)s!), "callback");
        Assert.False(res.TryAcquire());
        res.ReleaseUnit();          // grants the event request
        sim.Run();
        req.Dispose();              // grants the callback waiter
        sim.Run();
        Assert.Equal(new[] { "event", "callback" }, order);
        Assert.Equal(1, res.InUse);
    }

    [Fact]
    public void Releasing_more_than_acquired_is_an_error()
    {
        var sim = new Simulation();
        var res = new Resource(sim, 1);
        Assert.Throws<InvalidOperationException>(() => res.ReleaseUnit());
    }
}

public class ResourcePriorityTests
{
    [Fact]
    public void Waiters_are_granted_by_level_then_in_arrival_order_without_preemption()
    {
        var sim = new Simulation();
        var res = new Resource(sim, 1, levels: 3);
        var order = new List<string>();
        IEnumerable<Event> Customer(string name, long arrive, int level)
        {
            yield return sim.Timeout(SimTime.FromNanoseconds(arrive));
            using var req = res.Request(level);
            yield return req;
            order.Add(name);
            yield return sim.Timeout(SimTime.FromNanoseconds(10));
        }
        sim.Process(Customer("low-first", 0, 2));       // takes the free unit at 0 and keeps it
        sim.Process(Customer("low", 1, 2));
        sim.Process(Customer("mid", 2, 1));
        sim.Process(Customer("high-a", 3, 0));
        sim.Process(Customer("high-b", 4, 0));
        sim.Run();
        Assert.Equal(["low-first", "high-a", "high-b", "mid", "low"], order);
        Assert.Throws<ArgumentOutOfRangeException>(() => res.Request(3));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Resource(sim, 1, levels: 0));
    }
}
