namespace IommuSim.Devices;

/// <summary>A FIFO of slot indices in a ring that grows to the largest number queued and never shrinks.</summary>
internal sealed class SlotQueue
{
    private int[] _ring = new int[16];
    private int _head;

    /// <summary>Indices queued.</summary>
    public int Count { get; private set; }

    /// <summary>Adds <paramref name="slot"/> at the back.</summary>
    public void Enqueue(int slot)
    {
        if (Count == _ring.Length)
        {
            var grown = new int[_ring.Length * 2];
            for (int k = 0; k < Count; k++) grown[k] = _ring[(_head + k) & (_ring.Length - 1)];
            _ring = grown;
            _head = 0;
        }
        _ring[(_head + Count) & (_ring.Length - 1)] = slot;
        Count++;
    }

    /// <summary>The index at the front.</summary>
    public int Peek() => Count > 0 ? _ring[_head] : throw new InvalidOperationException("the queue is empty");

    /// <summary>Removes and returns the index at the front.</summary>
    public int Dequeue()
    {
        int slot = Peek();
        _head = (_head + 1) & (_ring.Length - 1);
        Count--;
        return slot;
    }
}
