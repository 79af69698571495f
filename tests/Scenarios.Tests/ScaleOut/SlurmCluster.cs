using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace IommuSim.Scenarios.Tests.ScaleOut;

/// <summary>
/// A single-node Slurm cluster on this machine, for the tests' lifetime, with no systemd: munged as the munge user with
/// a fresh key, slurmctld and slurmd in the foreground on 127.0.0.1 and on ports of their own, everything (slurm.conf,
/// key, socket, state, spool, logs) in a temporary directory. The daemons are started as child processes, so that their
/// PIDs are known; on dispose every job is cancelled and every daemon stopped by its PID (SIGTERM, then SIGKILL), and the
/// directory removed. <see cref="Environment"/> holds SLURM_CONF, which the tool's sbatch calls need and hand on to the
/// jobs (sbatch exports the submitting environment by default).
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SlurmCluster : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly string _root;
    private readonly List<(string Name, Process Process, StringBuilder Output)> _daemons = [];

    public SlurmCluster()
    {
        _root = Path.Combine(Path.GetTempPath(), "iommusim-slurm-" + Guid.NewGuid().ToString("N")[..12]);
        // Skipped tests still build their class's fixture: start nothing where the tests cannot run (they skip).
        if (SlurmTools.Missing() is not null && !IommuSim.Tests.Support.ContinuousIntegration.IsOn) return;
        if (SlurmTools.Missing() is { } missing) throw new InvalidOperationException("the Slurm test cluster cannot start: " + missing);
        try
        {
            Start();
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The node's name: this host's, as slurmctld checks SlurmctldHost against it.</summary>
    public string NodeName { get; } = ShortHostName();

    /// <summary>The generated slurm.conf.</summary>
    public string ConfigFile => Path.Combine(_root, "slurm.conf");

    /// <summary>What a process that talks to the cluster needs in its environment.</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string> { ["SLURM_CONF"] = ConfigFile };

    private void Start()
    {
        string munge = Path.Combine(_root, "munge");
        Directory.CreateDirectory(munge);
        // munged wants its socket's directory searchable by all, and its key readable by the munge user alone.
        File.SetUnixFileMode(_root, (UnixFileMode)0b111_101_101);
        File.SetUnixFileMode(munge, (UnixFileMode)0b111_101_101);
        string key = Path.Combine(munge, "munge.key");
        File.WriteAllBytes(key, RandomNumberGenerator.GetBytes(1024));
        Check(Run(SlurmTools.Find("chown")!, ["-R", "munge:munge", munge]), "chown");
        File.SetUnixFileMode(key, UnixFileMode.UserRead);
        string socket = Path.Combine(munge, "munge.socket");
        // setpriv execs munged: the PID started is munged's.
        StartDaemon("munged", SlurmTools.Find("setpriv")!, "--reuid", "munge", "--regid", "munge", "--init-groups", SlurmTools.Find("munged")!,
            "--foreground", "--socket=" + socket, "--key-file=" + key, "--pid-file=" + Path.Combine(munge, "munged.pid"),
            "--log-file=" + Path.Combine(munge, "munged.log"), "--seed-file=" + Path.Combine(munge, "munged.seed"));
        WaitFor(() => File.Exists(socket), "munged's socket");

        Directory.CreateDirectory(Path.Combine(_root, "state"));
        Directory.CreateDirectory(Path.Combine(_root, "spool"));
        File.WriteAllText(ConfigFile, Config(socket));
        StartDaemon("slurmctld", SlurmTools.Find("slurmctld")!, "-D", "-i", "-f", ConfigFile);
        StartDaemon("slurmd", SlurmTools.Find("slurmd")!, "-D", "-N", NodeName, "-f", ConfigFile);
        WaitFor(() =>
        {
            var (exit, output, _) = Client("sinfo", "-h", "-N", "-n", NodeName, "-o", "%T");
            return exit == 0 && output.Trim() == "idle";
        }, $"node {NodeName} idle in sinfo");
    }

    private string Config(string socket)
    {
        string Dir(string name) => Path.Combine(_root, name);
        var text = new StringBuilder();
        foreach (var line in new[]
        {
            "ClusterName=iommusimtest",
            $"SlurmctldHost={NodeName}(127.0.0.1)",
            $"SlurmctldPort={FreePort()}",
            $"SlurmdPort={FreePort()}",
            "SlurmUser=root",
            "SlurmdUser=root",
            "AuthType=auth/munge",
            $"AuthInfo=socket={socket}",
            "CredType=cred/munge",
            $"StateSaveLocation={Dir("state")}",
            $"SlurmdSpoolDir={Dir("spool")}",
            $"SlurmctldPidFile={Dir("slurmctld.pid")}",
            $"SlurmdPidFile={Dir("slurmd.pid")}",
            $"SlurmctldLogFile={Dir("slurmctld.log")}",
            $"SlurmdLogFile={Dir("slurmd.log")}",
            // No cgroups (no systemd to delegate them): processes tracked by their parent, tasks not confined.
            "ProctrackType=proctrack/linuxproc",
            "TaskPlugin=task/none",
            "JobAcctGatherType=jobacct_gather/none",
            "AccountingStorageType=accounting_storage/none",
            "MpiDefault=none",
            // Cores, not whole nodes: several shards run at once on the one node.
            "SelectType=select/cons_tres",
            "SelectTypeParameters=CR_Core",
            "ReturnToService=2",
            // A cancelled task is killed 2 s after its SIGTERM, not the default 30.
            "KillWait=2",
            $"NodeName={NodeName} NodeAddr=127.0.0.1 CPUs={System.Environment.ProcessorCount} State=UNKNOWN",
            "PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP",
        })
            text.Append(line).Append('\n');
        return text.ToString();
    }

    /// <summary>Runs a Slurm client (sbatch, squeue, scancel, ...) against the cluster, from <paramref name="directory"/>.</summary>
    public (int Exit, string Out, string Err) Client(string program, params string[] args) => ClientIn(null, program, args);

    /// <inheritdoc cref="Client"/>
    public (int Exit, string Out, string Err) ClientIn(string? directory, string program, params string[] args) =>
        Run(SlurmTools.Find(program) ?? program, args, directory, Environment);

    /// <summary>Submits with sbatch --parsable from <paramref name="directory"/> and returns the job id.</summary>
    public string Submit(string directory, params string[] args)
    {
        var (exit, output, error) = ClientIn(directory, "sbatch", ["--parsable", .. args]);
        Assert.True(exit == 0, $"sbatch {string.Join(' ', args)}: {error}");
        return output.Trim().Split(';')[0];
    }

    /// <summary>The job's (or array task's) state as squeue shows it, e.g. PENDING or RUNNING; empty once it left the queue.</summary>
    public string QueueState(string job, string format = "%T")
    {
        var (exit, output, _) = Client("squeue", "-h", "-j", job, "-o", format);
        // Once slurmctld forgot the job, squeue says "Invalid job id" and exits 1: it is gone all the same.
        return exit == 0 ? output.Trim() : "";
    }

    /// <summary>The JobState scontrol shows for a job still known to slurmctld (MinJobAge, 300 s by default, after it ended).</summary>
    public string JobState(string job)
    {
        var (_, output, _) = Client("scontrol", "-o", "show", "job", job);
        var field = output.Split(' ').FirstOrDefault(f => f.StartsWith("JobState=", StringComparison.Ordinal));
        return field?["JobState=".Length..] ?? "";
    }

    /// <summary>Waits until the job (every task of an array) left the queue.</summary>
    public void WaitGone(string job, TimeSpan timeout) => WaitFor(() => QueueState(job).Length == 0, $"job {job} to leave the queue", timeout);

    /// <summary>Waits until <paramref name="condition"/> holds, polling; fails with the daemons' output after <paramref name="timeout"/>.</summary>
    public void WaitFor(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            foreach (var (name, process, output) in _daemons)
                if (process.HasExited) throw new InvalidOperationException($"{name} exited with {process.ExitCode} waiting for {what}:\n{Logs()}");
            if (clock.Elapsed > (timeout ?? StartTimeout)) throw new TimeoutException($"waited {clock.Elapsed.TotalSeconds:0} s for {what}:\n{Logs()}");
            Thread.Sleep(200);
        }
    }

    /// <summary>The daemons' output and log files, for failure messages.</summary>
    public string Logs()
    {
        var text = new StringBuilder();
        foreach (var (name, _, output) in _daemons)
            lock (output) text.Append(CultureInfo.InvariantCulture, $"--- {name}\n{Tail(output.ToString())}\n");
        foreach (var log in new[] { "slurmctld.log", "slurmd.log" })
            if (File.Exists(Path.Combine(_root, log))) text.Append(CultureInfo.InvariantCulture, $"--- {log}\n{Tail(File.ReadAllText(Path.Combine(_root, log)))}\n");
        return text.ToString();
    }

    public void Dispose()
    {
        try
        {
            if (_daemons.Any(d => d.Name == "slurmctld" && !d.Process.HasExited))
            {
                // Jobs are slurmstepd's, not the daemons' children: cancel them first, so that nothing stays behind.
                Client("scancel", "--full", "--user=root");
                try { WaitFor(() => Client("squeue", "-h").Out.Trim().Length == 0, "every job to end", TimeSpan.FromSeconds(30)); }
                catch (Exception e) when (e is TimeoutException or InvalidOperationException) { }
            }
        }
        finally
        {
            for (int i = _daemons.Count - 1; i >= 0; i--) Stop(_daemons[i].Process);
            foreach (var (_, process, _) in _daemons) process.Dispose();
            _daemons.Clear();
            try { if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true); }
            catch (IOException) { }
        }
    }

    private void StartDaemon(string name, string program, params string[] args)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["SLURM_CONF"] = ConfigFile;
        var output = new StringBuilder();
        var process = new Process { StartInfo = info };
        DataReceivedEventHandler append = (_, e) => { if (e.Data is not null) lock (output) output.Append(e.Data).Append('\n'); };
        process.OutputDataReceived += append;
        process.ErrorDataReceived += append;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _daemons.Add((name, process, output));
    }

    // SIGTERM, the daemons' own way to stop; SIGKILL when one does not within 10 s.
    private static void Stop(Process process)
    {
        if (process.HasExited) return;
        _ = kill(process.Id, SIGTERM);
        if (!process.WaitForExit(10_000)) process.Kill();
        process.WaitForExit(10_000);
    }

    private const int SIGTERM = 15;

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);

    private static (int Exit, string Out, string Err) Run(string program, IEnumerable<string> args, string? directory = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (directory is not null) info.WorkingDirectory = directory;
        foreach (var a in args) info.ArgumentList.Add(a);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) info.Environment[name] = value;
        using var p = Process.Start(info)!;
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(60_000)) { p.Kill(true); throw new TimeoutException($"{program} did not finish in 60 s"); }
        return (p.ExitCode, output.Result, error.Result);
    }

    private static void Check((int Exit, string Out, string Err) result, string what)
    {
        if (result.Exit != 0) throw new InvalidOperationException($"{what} exited with {result.Exit}: {result.Err}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string ShortHostName() => Dns.GetHostName().Split('.')[0];

    private static string Tail(string text) => text.Length <= 4000 ? text : "..." + text[^4000..];
}
