namespace IommuSim.Kernel;

/// <summary>A request to put an item into a <see cref="Store{T}"/>; succeeds once the item is stored.</summary>
public sealed class StorePut<T> : Event
{
    /// <summary>The item to store.</summary>
    public T Item { get; }

    internal StorePut(Simulation simulation, T item) : base(simulation) => Item = item;
}
