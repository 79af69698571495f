using IommuSim.Kernel;

namespace IommuSim.Tests.Kernel;

public class SimulationTests
{
    private static SimTime Ns(long n) => SimTime.FromNanoseconds(n);

    [Fact]
    public void Events_at_equal_times_fire_by_priority_then_in_scheduling_order()
    {
        var sim = new Simulation();
        var order = new List<string>();
        void Note(object? s) => order.Add((string)s!);
        sim.Schedule(Ns(5), Note, "b-normal");
        sim.Schedule(Ns(5), Note, "c-low", Priority.Low);
        sim.Schedule(Ns(5), Note, "a-urgent", Priority.Urgent);
        sim.Schedule(Ns(5), Note, "b-normal-2");
        sim.Schedule(Ns(1), Note, "first");
        sim.Run();
        Assert.Equal(new[] { "first", "a-urgent", "b-normal", "b-normal-2", "c-low" }, order);
        Assert.Equal(Ns(5), sim.Now);
        Assert.Equal(5, sim.ProcessedEvents);
    }

    [Fact]
    public void Callback_with_argument_carries_the_argument()
    {
        var sim = new Simulation();
        long seen = 0;
        object? seenState = null;
        var state = new object();
        sim.Schedule(Ns(3), (s, a) => { seen = a; seenState = s; }, state, 42);
        sim.Run();
        Assert.Equal(42, seen);
        Assert.Same(state, seenState);
    }

    [Fact]
    public void Run_until_processes_only_earlier_events_and_sets_the_clock()
    {
        var sim = new Simulation();
        var fired = new List<long>();
        foreach (var t in new long[] { 10, 20, 30 })
            sim.Schedule(Ns(t), s => fired.Add((long)s!), t);
        sim.Run(Ns(20));
        Assert.Equal(new long[] { 10 }, fired);
        Assert.Equal(Ns(20), sim.Now);
        sim.Run();
        Assert.Equal(new long[] { 10, 20, 30 }, fired);
    }

    [Fact]
    public void Process_waits_on_timeouts_and_sees_time_advance()
    {
        var sim = new Simulation();
        var stamps = new List<SimTime>();
        IEnumerable<Event> Body()
        {
            stamps.Add(sim.Now);
            yield return sim.Timeout(Ns(7));
            stamps.Add(sim.Now);
            yield return sim.Timeout(Ns(3));
            stamps.Add(sim.Now);
        }
        var p = sim.Process(Body());
        sim.Run();
        Assert.Equal(new[] { Ns(0), Ns(7), Ns(10) }, stamps);
        Assert.True(p.IsProcessed);
        Assert.False(p.IsAlive);
    }

    [Fact]
    public void Process_can_wait_on_another_process_and_an_event_value()
    {
        var sim = new Simulation();
        var signal = sim.Event();
        object? got = null;
        SimTime childDone = default, parentResumed = default;
        IEnumerable<Event> Child()
        {
            yield return sim.Timeout(Ns(4));
            childDone = sim.Now;
            signal.Succeed("ready");
        }
        IEnumerable<Event> Parent()
        {
            var child = sim.Process(Child());
            yield return signal;
            got = signal.Value;
            yield return child;
            parentResumed = sim.Now;
        }
        sim.Process(Parent());
        sim.Run();
        Assert.Equal("ready", got);
        Assert.Equal(Ns(4), childDone);
        Assert.Equal(Ns(4), parentResumed);
    }

    [Fact]
    public void Interrupt_wakes_a_waiting_process_with_its_cause()
    {
        var sim = new Simulation();
        SimTime wokeAt = default;
        object? cause = null;
        bool handled = false;
        Process? sleeper = null;
        IEnumerable<Event> Sleeper()
        {
            yield return sim.Timeout(Ns(100));
            handled = sleeper!.HandleFault();
            cause = sleeper.Fault;
            wokeAt = sim.Now;
        }
        IEnumerable<Event> Waker()
        {
            yield return sim.Timeout(Ns(30));
            sleeper!.Interrupt("link down");
        }
        sleeper = sim.Process(Sleeper());
        sim.Process(Waker());
        sim.Run();
        Assert.True(handled);
        Assert.Equal("link down", cause);
        Assert.Equal(Ns(30), wokeAt);
        // The abandoned timeout still fires at 100 ns but resumes nobody.
        Assert.Equal(Ns(100), sim.Now);
    }

    [Fact]
    public void Unhandled_fault_stops_the_run_with_a_clear_error()
    {
        var sim = new Simulation();
        var failing = sim.Event();
        IEnumerable<Event> Body()
        {
            yield return failing;
            yield return sim.Timeout(Ns(1));
        }
        sim.Process(Body());
        sim.Schedule(Ns(2), _ => failing.Fail("boom"), null);
        var ex = Assert.Throws<InvalidOperationException>(() => sim.Run());
        Assert.Contains("boom", ex.Message);
        Assert.Contains("HandleFault", ex.Message);
    }

    [Fact]
    public void AllOf_waits_for_the_last_and_AnyOf_for_the_first()
    {
        var sim = new Simulation();
        SimTime all = default, any = default;
        IEnumerable<Event> Body()
        {
            var a = sim.Timeout(Ns(5));
            var b = sim.Timeout(Ns(9));
            yield return sim.AnyOf(a, b);
            any = sim.Now;
            yield return sim.AllOf(a, b);
            all = sim.Now;
        }
        sim.Process(Body());
        sim.Run();
        Assert.Equal(Ns(5), any);
        Assert.Equal(Ns(9), all);
    }

    [Fact]
    public void AllOf_fails_when_one_event_fails()
    {
        var sim = new Simulation();
        var bad = sim.Event();
        var cond = sim.AllOf(sim.Timeout(Ns(5)), bad);
        sim.Schedule(Ns(1), _ => bad.Fail("nope"), null);
        sim.Run();
        Assert.True(cond.IsProcessed);
        Assert.False(cond.IsOk);
        Assert.Equal("nope", cond.Value);
    }

    [Fact]
    public void Triggering_twice_is_an_error()
    {
        var sim = new Simulation();
        var e = sim.Event();
        e.Succeed();
        Assert.Throws<InvalidOperationException>(() => e.Succeed());
    }

    [Fact]
    public void Negative_delays_are_refused()
    {
        var sim = new Simulation();
        Assert.Throws<ArgumentOutOfRangeException>(() => sim.Timeout(SimTime.FromPicoseconds(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => sim.Schedule(SimTime.FromPicoseconds(-1), _ => { }, null));
    }

    [Fact]
    public void Run_until_an_event_stops_after_it_is_processed()
    {
        var sim = new Simulation();
        var stop = sim.Timeout(Ns(50));
        sim.Schedule(Ns(80), _ => { }, null);
        sim.Run(stop);
        Assert.Equal(Ns(50), sim.Now);
        Assert.Equal(1, sim.PendingEvents);
    }
}
