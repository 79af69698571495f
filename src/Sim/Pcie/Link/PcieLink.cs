using IommuSim.Kernel;

namespace IommuSim.Pcie;

/// <summary>
/// A device's PCIe link to its root port: the two directions as separate bandwidth servers, the TLP split of each
/// DMA and the device's tags. Upstream (device to root complex) carries memory writes and read requests; downstream
/// carries the completions with the read data. A DMA engine asks for the time its TLPs take and schedules the rest of
/// the transfer at the returned times; nothing here schedules events.
/// </summary>
public sealed class PcieLink
{
    private readonly Simulation _sim;

    /// <summary>Creates an idle link; <paramref name="parameters"/> must be valid.</summary>
    /// <exception cref="ArgumentException">The parameters do not validate.</exception>
    public PcieLink(Simulation simulation, PcieLinkParams parameters)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        ArgumentNullException.ThrowIfNull(parameters);
        _sim = simulation;
        Parameters = parameters;
        Bandwidth = new LinkBandwidth(parameters);
        Tlps = new TlpSplitter(parameters);
        Upstream = new LinkTransmitter(Bandwidth.TlpLayer, simulation.Now);
        Downstream = new LinkTransmitter(Bandwidth.TlpLayer, simulation.Now);
        Tags = new CreditPool(simulation, parameters.Tags);
    }

    /// <summary>The link's parameters.</summary>
    public PcieLinkParams Parameters { get; }

    /// <summary>The rates of each direction.</summary>
    public LinkBandwidth Bandwidth { get; }

    /// <summary>The TLP split of a DMA.</summary>
    public TlpSplitter Tlps { get; }

    /// <summary>Device to root complex: write TLPs and read requests.</summary>
    public LinkTransmitter Upstream { get; }

    /// <summary>Root complex to device: completions with data.</summary>
    public LinkTransmitter Downstream { get; }

    /// <summary>The device's tags for outstanding reads.</summary>
    public CreditPool Tags { get; }

    /// <summary>Write TLPs sent in the window.</summary>
    public long WriteTlps { get; private set; }

    /// <summary>Read request TLPs sent in the window.</summary>
    public long ReadRequestTlps { get; private set; }

    /// <summary>Completion TLPs sent in the window.</summary>
    public long CompletionTlps { get; private set; }

    /// <summary>Sends the write TLPs of <paramref name="bytes"/> at <paramref name="address"/> upstream now; returns when the last byte has reached the root complex.</summary>
    public SimTime SendWrite(ulong address, long bytes)
    {
        var tlps = Tlps.Write(address, bytes);
        WriteTlps += tlps.Count;
        return Upstream.Transmit(_sim.Now, tlps.WireBytes);
    }

    /// <summary>Sends the read requests for <paramref name="bytes"/> at <paramref name="address"/> upstream now; returns when the last has reached the root complex.</summary>
    public SimTime SendReadRequests(ulong address, long bytes)
    {
        var tlps = Tlps.Read(address, bytes).Requests;
        ReadRequestTlps += tlps.Count;
        return Upstream.Transmit(_sim.Now, tlps.WireBytes);
    }

    /// <summary>Sends the completions of a read of <paramref name="bytes"/> at <paramref name="address"/> downstream now (the data is ready); returns when the last byte has reached the device.</summary>
    public SimTime SendCompletions(ulong address, long bytes)
    {
        var tlps = Tlps.Read(address, bytes).Completions;
        CompletionTlps += tlps.Count;
        return Downstream.Transmit(_sim.Now, tlps.WireBytes);
    }

    /// <summary>Starts a new measurement window now (end of warm-up): both directions, the tag counts and the TLP counts.</summary>
    public void ResetStatistics()
    {
        Upstream.ResetStatistics(_sim.Now);
        Downstream.ResetStatistics(_sim.Now);
        Tags.ResetStatistics();
        WriteTlps = ReadRequestTlps = CompletionTlps = 0;
    }
}
