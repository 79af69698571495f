namespace IommuSim.Devices;

/// <summary>A figure only some kinds of device have (drops by cause, packets per second), by name, over the measured time.</summary>
/// <param name="Name">Its name, snake_case.</param>
/// <param name="Value">Its value.</param>
public readonly record struct DeviceFigure(string Name, double Value);
