namespace IommuSim.Devices.Nic;

/// <summary>Which way a NIC's traffic goes.</summary>
public enum NicDirection
{
    /// <summary>Frames arrive from the wire and are DMAed to host memory.</summary>
    Rx,

    /// <summary>The host sends frames: the NIC reads them from host memory and puts them on the wire.</summary>
    Tx,

    /// <summary>The traffic both ways at once (each direction its own random streams).</summary>
    Both,
}
