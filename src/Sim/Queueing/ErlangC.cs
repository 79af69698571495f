namespace IommuSim.Queueing;

/// <summary>
/// Closed-form M/M/c results (Erlang's C formula), used to print the theoretical value beside a
/// benchmark's simulated one. Kleinrock, Queueing Systems Vol. 1 (1975), §3.5.
/// </summary>
public static class ErlangC
{
    /// <summary>
    /// Probability that an arrival waits, for <paramref name="servers"/> servers and offered load
    /// <paramref name="offeredLoad"/> = λ/μ Erlangs (must be below the server count).
    /// </summary>
    public static double WaitProbability(int servers, double offeredLoad)
    {
        if (servers < 1) throw new ArgumentOutOfRangeException(nameof(servers));
        if (offeredLoad <= 0 || offeredLoad >= servers)
            throw new ArgumentOutOfRangeException(nameof(offeredLoad), "the offered load must be in (0, servers)");
        // Erlang B by its stable recurrence, then C = B / (1 - rho (1 - B)).
        double b = 1.0;
        for (int k = 1; k <= servers; k++) b = offeredLoad * b / (k + offeredLoad * b);
        double rho = offeredLoad / servers;
        return b / (1 - rho * (1 - b));
    }

    /// <summary>Mean wait in queue, in units of the mean service time.</summary>
    public static double MeanWaitInServiceTimes(int servers, double offeredLoad) =>
        WaitProbability(servers, offeredLoad) / (servers - offeredLoad);
}
