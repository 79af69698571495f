using System.Reflection;

namespace IommuSim.Devices;

/// <summary>The device factories of this assembly, found once by reflection: one per concrete <see cref="DeviceSpec"/>.</summary>
public static class DeviceFactories
{
    private static readonly Dictionary<Type, IDeviceFactory> BySpec = Discover();

    /// <summary>The factory for <paramref name="spec"/>'s kind.</summary>
    /// <exception cref="InvalidOperationException">No factory builds that kind (a device kind without its factory is a bug).</exception>
    public static IDeviceFactory For(DeviceSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return BySpec.TryGetValue(spec.GetType(), out var factory)
            ? factory
            : throw new InvalidOperationException($"no IDeviceFactory builds {spec.GetType().Name}");
    }

    /// <summary>Every spec type a factory builds.</summary>
    public static IReadOnlyCollection<Type> SpecTypes => BySpec.Keys;

    private static Dictionary<Type, IDeviceFactory> Discover()
    {
        var factories = new Dictionary<Type, IDeviceFactory>();
        foreach (var type in typeof(DeviceFactories).Assembly.GetTypes()
                     .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IDeviceFactory).IsAssignableFrom(t))
                     .OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            var factory = (IDeviceFactory)Activator.CreateInstance(type)!;
            if (!factories.TryAdd(factory.SpecType, factory))
                throw new InvalidOperationException($"two factories build {factory.SpecType.Name}: {factories[factory.SpecType].GetType().Name} and {type.Name}");
        }
        return factories;
    }
}
