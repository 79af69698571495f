namespace IommuSim.Observe.TraceDat;

/// <summary>How a version 7 file compresses its sections and trace data.</summary>
public enum TraceDatCompression
{
    /// <summary>Nothing is compressed; the file's compression header names "none".</summary>
    None,

    /// <summary>Metadata sections are zstd blocks, trace data zstd chunks of ten pages, as trace-cmd writes them.</summary>
    Zstd,
}
