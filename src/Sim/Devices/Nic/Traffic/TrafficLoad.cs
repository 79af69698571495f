namespace IommuSim.Devices.Nic;

/// <summary>The offered load as a fraction of the line rate, and its rule: more than 0, at most 1.</summary>
public static class TrafficLoad
{
    /// <summary>Returns <paramref name="load"/> when it lies in (0, 1].</summary>
    /// <exception cref="ArgumentOutOfRangeException">It does not.</exception>
    public static double Check(double load)
    {
        if (!(load > 0 && load <= 1))
            throw new ArgumentOutOfRangeException(nameof(load), load, "the load is a fraction of the line rate, more than 0 and at most 1");
        return load;
    }
}
