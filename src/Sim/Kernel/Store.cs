namespace IommuSim.Kernel;

/// <summary>
/// A FIFO buffer of items between processes, bounded by <see cref="Capacity"/> (unbounded by
/// default). Puts wait while it is full; gets wait while it is empty; both are served in order.
/// </summary>
public sealed class Store<T>
{
    private readonly Queue<T> _items = new();
    private readonly Queue<StorePut<T>> _puts = new();
    private readonly Queue<StoreGet<T>> _gets = new();

    /// <summary>The simulation the store belongs to.</summary>
    public Simulation Simulation { get; }

    /// <summary>Maximum number of items held.</summary>
    public int Capacity { get; }

    /// <summary>Items held now.</summary>
    public int Count => _items.Count;

    /// <summary>Puts waiting for room.</summary>
    public int PendingPuts => _puts.Count;

    /// <summary>Gets waiting for an item.</summary>
    public int PendingGets => _gets.Count;

    /// <summary>Creates a store holding at most <paramref name="capacity"/> items.</summary>
    public Store(Simulation simulation, int capacity = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        if (capacity < 1) throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "a store needs room for at least one item");
        Simulation = simulation;
        Capacity = capacity;
    }

    /// <summary>Puts an item; the event succeeds when it is in the store.</summary>
    public StorePut<T> Put(T item)
    {
        var put = new StorePut<T>(Simulation, item);
        _puts.Enqueue(put);
        Balance();
        return put;
    }

    /// <summary>Takes the oldest item; the event succeeds with it.</summary>
    public StoreGet<T> Get()
    {
        var get = new StoreGet<T>(Simulation);
        _gets.Enqueue(get);
        Balance();
        return get;
    }

    /// <summary>Stores an item at once if there is room and no put is waiting.</summary>
    public bool TryPut(T item)
    {
        if (_items.Count >= Capacity || _puts.Count > 0) return false;
        _items.Enqueue(item);
        Balance();
        return true;
    }

    /// <summary>Takes the oldest item at once if there is one and no get is waiting.</summary>
    public bool TryGet(out T item)
    {
        if (_items.Count == 0 || _gets.Count > 0) { item = default!; return false; }
        item = _items.Dequeue();
        Balance();
        return true;
    }

    private void Balance()
    {
        bool changed = true;
        while (changed)
        {
            changed = false;
            while (_puts.Count > 0 && _items.Count < Capacity)
            {
                var put = _puts.Dequeue();
                _items.Enqueue(put.Item);
                put.Succeed();
                changed = true;
            }
            while (_gets.Count > 0 && _items.Count > 0)
            {
                _gets.Dequeue().Deliver(_items.Dequeue());
                changed = true;
            }
        }
    }
}
