using System.Runtime.CompilerServices;

namespace IommuSim.Kernel;

/// <summary>
/// The future event list: a binary min-heap ordered by (time, priority, sequence). Heap nodes hold
/// only keys and a payload slot (no references), so sifting costs no GC write barriers; payloads
/// live in parallel arrays whose slots are recycled. Scheduling allocates nothing once the arrays
/// have grown to the model's working size.
/// </summary>
internal sealed class EventQueue
{
    internal enum EntryKind : byte { Event, Callback, CallbackWithArg }

    // Heap nodes carry only keys and a payload slot: no references, so sifting needs no GC write barriers.
    private struct Node
    {
        public long Time;
        public long Order;
        public int Slot;
    }

    internal struct Entry
    {
        public long Time;
        public object Target;
        public object? State;
        public long Arg;
        public EntryKind Kind;
    }

    private const int SequenceBits = 48;
    private Node[] _heap = new Node[64];
    private object?[] _targets = new object?[64];
    private object?[] _states = new object?[64];
    private long[] _args = new long[64];
    private EntryKind[] _kinds = new EntryKind[64];
    private int[] _freeSlots = new int[64];
    private int _freeCount;
    private int _count;
    private long _sequence;

    public EventQueue()
    {
        for (int i = 0; i < 64; i++) _freeSlots[i] = 63 - i;
        _freeCount = 64;
    }

    public int Count => _count;
    public long PeekTime => _count > 0 ? _heap[0].Time : long.MaxValue;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Less(long t1, long o1, long t2, long o2) => t1 < t2 || (t1 == t2 && o1 < o2);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Push(long time, int priority, object target, object? state, long arg, EntryKind kind)
    {
        if ((uint)(priority - Priority.Min) > (uint)(Priority.Max - Priority.Min))
            throw new ArgumentOutOfRangeException(nameof(priority), priority,
                $"priority must be between {Priority.Min} and {Priority.Max}");
        if (_count == _heap.Length) Grow();
        int slot = _freeSlots[--_freeCount];
        _targets[slot] = target;
        _states[slot] = state;
        _args[slot] = arg;
        _kinds[slot] = kind;
        // (priority - Min) in the top 15 bits, the sequence below: one compare orders both.
        long order = ((long)(priority - Priority.Min) << SequenceBits) | _sequence++;
        var heap = _heap;
        int i = _count++;
        while (i > 0)
        {
            int parent = (i - 1) >> 1;
            ref var p = ref heap[parent];
            if (!Less(time, order, p.Time, p.Order)) break;
            heap[i] = p;
            i = parent;
        }
        heap[i] = new Node { Time = time, Order = order, Slot = slot };
    }

    private void Grow()
    {
        int n = _heap.Length;
        Array.Resize(ref _heap, n * 2);
        Array.Resize(ref _targets, n * 2);
        Array.Resize(ref _states, n * 2);
        Array.Resize(ref _args, n * 2);
        Array.Resize(ref _kinds, n * 2);
        Array.Resize(ref _freeSlots, n * 2);
        for (int s = 2 * n - 1; s >= n; s--) _freeSlots[_freeCount++] = s;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Entry Pop()
    {
        var heap = _heap;
        var top = heap[0];
        int n = --_count;
        if (n > 0)
        {
            var last = heap[n];
            int i = 0;
            while (true)
            {
                int child = 2 * i + 1;
                if (child >= n) break;
                if (child + 1 < n && Less(heap[child + 1].Time, heap[child + 1].Order, heap[child].Time, heap[child].Order)) child++;
                ref var c = ref heap[child];
                if (!Less(c.Time, c.Order, last.Time, last.Order)) break;
                heap[i] = c;
                i = child;
            }
            heap[i] = last;
        }
        int slot = top.Slot;
        var e = new Entry { Time = top.Time, Target = _targets[slot]!, State = _states[slot], Arg = _args[slot], Kind = _kinds[slot] };
        _targets[slot] = null;
        _states[slot] = null;
        _freeSlots[_freeCount++] = slot;
        return e;
    }
}
