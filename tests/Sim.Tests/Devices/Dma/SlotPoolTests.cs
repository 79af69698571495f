using IommuSim.Devices;

namespace IommuSim.Tests.Devices.Dma;

/// <summary>The pool rents the lowest free slot, so a run's slot indices (and the event order they feed) repeat.</summary>
public class SlotPoolTests
{
    private struct Entry
    {
        public long Value;
        public object? Owner;
    }

    [Fact]
    public void Slots_are_rented_lowest_first_and_a_returned_slot_is_the_next_rented()
    {
        var pool = new SlotPool<Entry>(4);
        Assert.Equal([0, 1, 2], new[] { pool.Rent(), pool.Rent(), pool.Rent() });
        pool.Return(1);
        Assert.Equal(1, pool.Rent());
        Assert.Equal(3, pool.Rent());
    }

    [Fact]
    public void A_full_pool_doubles_keeping_the_state_of_slots_in_use()
    {
        var pool = new SlotPool<Entry>(2);
        for (int i = 0; i < 2; i++) pool[pool.Rent()].Value = 10 + i;
        // Full: the next slots are the new ones, lowest first.
        Assert.Equal([2, 3], new[] { pool.Rent(), pool.Rent() });
        Assert.Equal(10, pool[0].Value);
        Assert.Equal(11, pool[1].Value);
        Assert.Equal(4, pool.Rent());
    }

    [Fact]
    public void A_returned_slot_holds_no_reference()
    {
        var pool = new SlotPool<Entry>(1);
        int slot = pool.Rent();
        pool[slot] = new Entry { Value = 7, Owner = new object() };
        pool.Return(slot);
        Assert.Null(pool[slot].Owner);
        Assert.Equal(0, pool[slot].Value);
    }
}
