using System.Diagnostics;

namespace AslCompiler.Sqlite.Tests;

/// <summary>Starts the crash host (built next to the tests) as a child process whose standard output is read line by line.</summary>
internal sealed class CrashHostProcess : IDisposable
{
    private readonly Process _process;
    private readonly Task _reader;

    private CrashHostProcess(Process process, Action<string> onLine)
    {
        _process = process;
        _reader = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync() is { } line)
            {
                onLine(line);
            }
        });
    }

    public static string HostAssembly
    {
        get
        {
            // artifacts/bin/AslCompiler.Sqlite.Tests/<config>/ → artifacts/bin/AslCompiler.Sqlite.CrashHost/<config>/
            var testDirectory = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var path = Path.Combine(testDirectory.Parent!.Parent!.FullName, "AslCompiler.Sqlite.CrashHost", testDirectory.Name, "AslCompiler.Sqlite.CrashHost.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException("The crash host was not built next to the tests.", path);
        }
    }

    public static CrashHostProcess Start(Action<string> onLine, params string[] args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(HostAssembly);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("The crash host did not start.");
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        return new CrashHostProcess(process, onLine);
    }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>SIGKILL, then waits for the process to be gone and its output read to the end.</summary>
    public async Task KillAsync()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited on its own.
        }

        await _process.WaitForExitAsync();
        await _reader;
    }

    /// <summary>Waits for the process to exit on its own.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            await _reader;
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }
}
