namespace IommuSim.Devices.Nvme;

/// <summary>How a command describes its data (the PSDT field of the command's CDW0).</summary>
public enum NvmeDataPointerFormat
{
    /// <summary>Physical Region Pages: PRP1, PRP2 and, past two pages, PRP lists.</summary>
    Prp,

    /// <summary>Scatter-gather list: one SGL descriptor in the command, possibly pointing to a segment.</summary>
    Sgl,
}
