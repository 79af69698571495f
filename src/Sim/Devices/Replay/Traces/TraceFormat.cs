namespace IommuSim.Devices.Replay;

/// <summary>How a replayed trace file is written.</summary>
public enum TraceFormat
{
    /// <summary>Rows of <c>time,device,iova,size,direction</c> (<see cref="DmaTraceCsvReader"/>).</summary>
    Csv,
    /// <summary>Linux ftrace text of <c>iommu:map</c> and <c>iommu:unmap</c> events (<see cref="FtraceIommuReader"/>).</summary>
    Ftrace,
}
