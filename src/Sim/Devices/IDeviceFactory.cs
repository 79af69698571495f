namespace IommuSim.Devices;

/// <summary>
/// Builds the model of one kind of device from its spec and what the system connects it to. The model finds
/// factories by reflection (<see cref="DeviceFactories"/>), so a new kind adds its spec, its model and its
/// factory and touches nothing else.
/// </summary>
public interface IDeviceFactory
{
    /// <summary>The spec type it builds from (a concrete <see cref="DeviceSpec"/>).</summary>
    Type SpecType { get; }

    /// <summary>Builds the device; its buffers are placed and, where the driver does so before the run, mapped.</summary>
    /// <exception cref="Parameters.ScenarioSetupException">The scenario cannot be set up as written (e.g. its buffers do not fit the IOVA space).</exception>
    IWorkloadDevice Create(DeviceSpec spec, DeviceContext context);
}
