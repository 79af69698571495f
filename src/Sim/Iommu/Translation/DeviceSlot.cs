namespace IommuSim.Iommu;

/// <summary>What the unit knows of one requester: its context-table entry (the domain, or none), its ATC, its names.</summary>
internal sealed class DeviceSlot
{
    public DeviceSlot(string name, string driver)
    {
        Name = name;
        Driver = driver;
    }

    /// <summary>The context-table entry in memory: the domain, or null when detached. The context cache may lag behind it.</summary>
    public Domain? Domain;
    /// <summary>The device's ATC, created at its first attach when the unit has ATS.</summary>
    public DeviceAtc? Atc;
    /// <summary><c>dev_name()</c> of the device, for io_page_fault events.</summary>
    public string Name;
    /// <summary>The device's driver name, for io_page_fault events.</summary>
    public string Driver;
}
