namespace IommuSim.Kernel;

/// <summary>
/// A request for one unit of a <see cref="Resource"/>. It succeeds when the unit is granted.
/// Disposing it releases the unit, or withdraws the request if it was still waiting, so
/// <c>using (var req = resource.Request()) { yield return req; ... }</c> never leaks a unit.
/// </summary>
public sealed class ResourceRequest : Event, IDisposable
{
    internal enum Phase : byte { Waiting, Granted, Done }

    internal Phase State;

    /// <summary>The resource asked for.</summary>
    public Resource Resource { get; }

    /// <summary>When the request was made.</summary>
    public SimTime RequestedAt { get; }

    internal ResourceRequest(Resource resource) : base(resource.Simulation)
    {
        Resource = resource;
        RequestedAt = resource.Simulation.Now;
    }

    /// <summary>Releases the unit (or withdraws a waiting request). Safe to call more than once.</summary>
    public void Dispose() => Resource.Release(this);
}
