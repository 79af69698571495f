namespace IommuSim.Kernel;

/// <summary>A request to take an item from a <see cref="Store{T}"/>; succeeds with the item.</summary>
public sealed class StoreGet<T> : Event
{
    /// <summary>The item taken; valid once the event has succeeded.</summary>
    public T Item { get; private set; } = default!;

    internal StoreGet(Simulation simulation) : base(simulation) { }

    internal void Deliver(T item)
    {
        Item = item;
        Succeed(item);
    }
}
