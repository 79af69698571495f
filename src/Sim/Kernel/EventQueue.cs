using System.Runtime.CompilerServices;

namespace IommuSim.Kernel;

/// <summary>
/// The future event list: a binary min-heap of value-type entries ordered by (time, priority,
/// sequence). Entries are structs in one growable array, so scheduling allocates nothing once the
/// array has grown to the model's working size.
/// </summary>
internal sealed class EventQueue
{
    internal enum EntryKind : byte { Event, Callback, CallbackWithArg }

    internal struct Entry
    {
        public long Time;
        /// <summary>(priority + 16384) in the top 15 bits, the sequence number below: one compare orders both.</summary>
        public long Order;
        public object Target;
        public object? State;
        public long Arg;
        public EntryKind Kind;
    }

    private const int SequenceBits = 48;
    private Entry[] _heap = new Entry[64];
    private int _count;
    private long _sequence;

    public int Count => _count;

    public long PeekTime => _count > 0 ? _heap[0].Time : long.MaxValue;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Less(in Entry a, in Entry b) =>
        a.Time < b.Time || (a.Time == b.Time && a.Order < b.Order);

    public void Push(long time, int priority, object target, object? state, long arg, EntryKind kind)
    {
        if ((uint)(priority - Priority.Min) > (uint)(Priority.Max - Priority.Min))
            throw new ArgumentOutOfRangeException(nameof(priority), priority,
                $"priority must be between {Priority.Min} and {Priority.Max}");
        if (_count == _heap.Length) Array.Resize(ref _heap, _heap.Length * 2);
        var e = new Entry
        {
            Time = time,
            Order = ((long)(priority - Priority.Min) << SequenceBits) | _sequence++,
            Target = target,
            State = state,
            Arg = arg,
            Kind = kind,
        };
        // Sift up with a hole instead of swaps.
        var heap = _heap;
        int i = _count++;
        while (i > 0)
        {
            int parent = (i - 1) >> 1;
            if (!Less(e, heap[parent])) break;
            heap[i] = heap[parent];
            i = parent;
        }
        heap[i] = e;
    }

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
                if (child + 1 < n && Less(heap[child + 1], heap[child])) child++;
                if (!Less(heap[child], last)) break;
                heap[i] = heap[child];
                i = child;
            }
            heap[i] = last;
        }
        heap[n] = default; // drop references so finished events can be collected
        return top;
    }
}
