using System.Runtime.CompilerServices;

namespace IommuSim.Devices;

/// <summary>
/// Slots for the state of work in flight, addressed by index so an index can ride in an event's argument
/// without boxing. The pool doubles when full and never shrinks; the lowest free index is rented first,
/// so the same run rents the same indices.
/// </summary>
/// <typeparam name="T">The per-slot state.</typeparam>
internal sealed class SlotPool<T> where T : struct
{
    private T[] _items;
    private int[] _free;
    private int _freeCount;

    /// <summary>Creates a pool of <paramref name="capacity"/> slots to begin with.</summary>
    public SlotPool(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _items = new T[capacity];
        _free = new int[capacity];
        Push(capacity - 1, 0);
    }

    /// <summary>The state in <paramref name="slot"/>.</summary>
    public ref T this[int slot] => ref _items[slot];

    /// <summary>Takes a free slot, growing the pool when none is left.</summary>
    public int Rent()
    {
        if (_freeCount == 0)
        {
            int old = _items.Length;
            Array.Resize(ref _items, old * 2);
            Array.Resize(ref _free, old * 2);
            Push(2 * old - 1, old);
        }
        return _free[--_freeCount];
    }

    /// <summary>Gives <paramref name="slot"/> back; its state is cleared when it holds references, so the pool keeps no client alive.</summary>
    public void Return(int slot)
    {
        if (RuntimeHelpers.IsReferenceOrContainsReferences<T>()) _items[slot] = default;
        _free[_freeCount++] = slot;
    }

    // Pushed from the highest index down, so the lowest pops first.
    private void Push(int from, int downTo)
    {
        for (int i = from; i >= downTo; i--) _free[_freeCount++] = i;
    }
}
