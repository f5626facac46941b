using System;
using System.Collections.Generic;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using AslCompiler.Runtime.Api;
using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Tasks;
using AslCompiler.Server;
using AslCompiler.Server.Lambda;
using AslCompiler.Server.Timing;
using AslCompiler.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace AslCompiler.Cli.Commands;

/// <summary>
/// <c>asl serve [--port 8083] [--host 127.0.0.1] [--store PATH] [--handlers ASSEMBLY] [--mock mocks.json --test-case NAME]
/// [--lambda-endpoint URL] [--time-scale N] [--retention DAYS] [--log-level LEVEL] [--log-format simple|json] [--s3 DIR]</c>: the AWS Step Functions
/// wire protocol on HTTP until Ctrl+C or SIGTERM. Prints <c>asl serve: listening on URL</c> on standard output once
/// it accepts requests; logs go to standard error. Exit 0 after a clean stop, 1 on bad options or a failed start.
/// </summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "The TCP port (0 picks a free one).", DefaultValueFactory = _ => StepFunctionsServerOptions.DefaultPort, CustomParser = ParsePort };
        var host = new Option<string>("--host") { Description = "The address to bind: an IP address, localhost, or * for every interface.", DefaultValueFactory = _ => "127.0.0.1" };
        var store = new Option<string?>("--store") { Description = "A SQLite file keeping state machines, activities and Standard executions across restarts (default: in memory)." };
        var handlers = new Option<string?>("--handlers") { Description = "An assembly whose [LambdaFunction(\"name\")] ILambdaFunction classes serve Lambda tasks." };
        var mock = new Option<string?>("--mock") { Description = "A mock configuration (AWS Step Functions Local MockConfigFile format); start an execution on 'ARN#TestCase' to run it with that test case." };
        var testCase = new Option<string?>("--test-case") { Description = "The test case of the mock configuration for executions started without '#TestCase'." };
        var timeScale = new Option<double>("--time-scale") { Description = "Run the clock N times faster (Wait states, timeouts, heartbeats), 0.001 to 100000 (0.5: half speed); default 1, real time.", DefaultValueFactory = _ => 1, CustomParser = ParseTimeScale };
        var retention = new Option<TimeSpan?>("--retention") { Description = "How many days (of the server's clock) an ended Standard execution is kept after it closed, then removed (also from --store): a positive number, or forever; default 90, as on AWS.", HelpName = "DAYS", CustomParser = ParseRetention };
        var logLevel = new Option<string>("--log-level") { Description = "Trace, Debug, Information, Warning, Error, Critical or None (Debug logs every request).", DefaultValueFactory = _ => "Information" };
        var logFormat = new Option<string>("--log-format") { Description = "simple or json (one JSON object per line).", DefaultValueFactory = _ => "simple" };
        var s3 = new Option<string?>(S3FolderArgument.Name) { Description = S3FolderArgument.Description, HelpName = "DIR" };
        var accountId = new Option<string?>(ArnPlaceArguments.AccountIdName) { Description = "The account in every ARN the server makes (default 123456789012)." };
        var region = new Option<string?>(ArnPlaceArguments.RegionName) { Description = "The region in every ARN the server makes (default us-east-1)." };
        var command = new Command("serve", "Serve the AWS Step Functions API (AWS JSON 1.0 wire protocol) for the AWS CLI and SDKs.")
        {
            port, host, store, handlers, mock, testCase, timeScale, retention, logLevel, logFormat, s3, accountId, region,
        };
        var endpoints = new ServiceEndpoints.Options();
        endpoints.AddTo(command);
        command.SetAction(result => Execute(
            new ServeArguments(
                result.GetValue(port),
                result.GetValue(host) ?? "127.0.0.1",
                result.GetValue(store),
                result.GetValue(handlers),
                result.GetValue(mock),
                result.GetValue(testCase),
                endpoints.Read(result),
                result.GetValue(timeScale),
                result.GetValue(logLevel) ?? "Information",
                result.GetValue(logFormat) ?? "simple",
                result.GetValue(s3),
                result.GetValue(retention),
                result.GetValue(accountId),
                result.GetValue(region)),
            result.InvocationConfiguration.Output,
            result.InvocationConfiguration.Error,
            CancellationToken.None));
        return command;
    }

    /// <summary>
    /// The fastest clock: a year-long Wait in about five minutes. The clock adds N seconds per real second to today's
    /// date, and at 10^12 it passed the last date .NET holds within the first request (it now stops there).
    /// </summary>
    internal const double MaxTimeScale = 100_000;

    /// <summary>The slowest clock: a thousandth of real time (slower, a Wait of a second would outlast the process).</summary>
    internal const double MinTimeScale = 0.001;

    private static int ParsePort(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : null;
        if (text is null)
        {
            return StepFunctionsServerOptions.DefaultPort;
        }

        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value is >= 0 and <= 65535)
        {
            return value;
        }

        result.AddError("--port must be an integer from 0 to 65535, not '" + text + "'.");
        return default;
    }

    private static double ParseTimeScale(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : null;
        if (text is null)
        {
            return 1;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && IsTimeScale(value))
        {
            return value;
        }

        result.AddError(TimeScaleRange + ", not '" + text + "'.");
        return default;
    }

    private static bool IsTimeScale(double value) => value is >= MinTimeScale and <= MaxTimeScale;

    /// <summary>AWS's retention of an ended Standard execution: 90 days.</summary>
    internal static readonly TimeSpan DefaultRetention = TimeSpan.FromDays(90);

    /// <summary>The longest <c>--retention</c> in days short of <c>forever</c> (about 27,000 years: what a TimeSpan holds, rounded down).</summary>
    private const double MaxRetentionDays = 10_000_000;

    private static TimeSpan? ParseRetention(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : null;
        if (text is null)
        {
            return DefaultRetention;
        }

        if (text == "forever")
        {
            return Timeout.InfiniteTimeSpan;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var days) && days > 0 && days <= MaxRetentionDays && TimeSpan.FromDays(days) > TimeSpan.Zero)
        {
            return TimeSpan.FromDays(days);
        }

        result.AddError("--retention must be a positive number of days up to " + MaxRetentionDays.ToString(CultureInfo.InvariantCulture) + ", or forever, not '" + text + "'.");
        return default;
    }

    private static readonly string TimeScaleRange = "--time-scale must be a number from " + MinTimeScale.ToString(CultureInfo.InvariantCulture) + " to " + MaxTimeScale.ToString(CultureInfo.InvariantCulture);

    internal sealed record ServeArguments(
        int Port,
        string Host,
        string? Store,
        string? Handlers,
        string? Mock,
        string? TestCase,
        ServiceEndpoints? Endpoints,
        double TimeScale,
        string LogLevel,
        string LogFormat,
        string? S3 = null,
        TimeSpan? Retention = null,
        string? AccountId = null,
        string? Region = null);

    /// <summary>Runs the server until shutdown is requested or <paramref name="cancellationToken"/> fires.</summary>
    internal static int Execute(ServeArguments args, TextWriter output, TextWriter error, CancellationToken cancellationToken) =>
        Execute(args, output, error, null, cancellationToken);

    /// <summary>As above, with <paramref name="hooks"/> into the command (for tests).</summary>
    internal static int Execute(ServeArguments args, TextWriter output, TextWriter error, ServeHooks? hooks, CancellationToken cancellationToken)
    {
        if (!TryLogging(args, error, out var level, out var json))
        {
            return AslCommandLine.Failure;
        }

        if (!IsTimeScale(args.TimeScale))
        {
            error.WriteLine("asl: " + TimeScaleRange + ", not '" + args.TimeScale.ToString(CultureInfo.InvariantCulture) + "'.");
            return AslCommandLine.Failure;
        }

        // One clock for everything: Waits, timeouts, history times, and the store's leases (the engine writes a claim's
        // lease on this clock, so the store must end it by this clock too). A store whose clock is ahead of the wall
        // clock (it was served faster) is gone on from, so nothing is dated before what the store holds.
        var ahead = args.Store is { Length: > 0 } path ? StoreClock.Ahead(path, DateTimeOffset.UtcNow) : null;
        var time = args.TimeScale == 1 && ahead is null ? TimeProvider.System : new ScaledTimeProvider(args.TimeScale, null, ahead);

        SqliteStepFunctionsStore? store = null;
        if (args.Store is not null)
        {
            if (string.IsNullOrWhiteSpace(args.Store))
            {
                error.WriteLine("asl: --store needs the path of a SQLite file.");
                return AslCommandLine.Failure;
            }

            try
            {
                store = (hooks?.OpenStore ?? SqliteStepFunctionsStore.Open)(args.Store, new SqliteStoreOptions { TimeProvider = time });
            }
            catch (SqliteStoreException e)
            {
                error.WriteLine("asl: --store: " + e.Message);
                return AslCommandLine.Failure;
            }
        }

        try
        {
            return Serve(args, store, time, level, json, output, error, hooks?.Serving, cancellationToken);
        }
        finally
        {
            store?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private static int Serve(ServeArguments args, SqliteStepFunctionsStore? store, TimeProvider time, LogLevel level, bool json, TextWriter output, TextWriter error, Action<LocalStepFunctions, SqliteStepFunctionsStore?, TimeProvider>? serving, CancellationToken cancellationToken)
    {
        if (!TryBuildApi(args, store, time, error, out var api))
        {
            return AslCommandLine.Failure;
        }

        // With a durable store: load what it holds and resume RUNNING Standard executions before serving.
        try
        {
            api.RecoverAsync(cancellationToken).GetAwaiter().GetResult();
        }
        catch (SqliteStoreException e)
        {
            error.WriteLine("asl: --store: " + e.Message);
            return AslCommandLine.Failure;
        }
        catch (JsonException e) when (store is not null)
        {
            // The control-plane snapshot is the one value the store keeps as the engine's JSON.
            error.WriteLine("asl: --store: SQLite store '" + store.Path + "' is corrupt: its resources row (state machines, activities) does not read: " + e.Message);
            return AslCommandLine.Failure;
        }

        StepFunctionsServer server;
        try
        {
            server = StepFunctionsServer.Create(
                api,
                new StepFunctionsServerOptions { Host = args.Host, Port = args.Port },
                logging =>
                {
                    logging.SetMinimumLevel(level);
                    logging.AddFilter("Microsoft", level < LogLevel.Warning ? LogLevel.Warning : level);

                    // The host logs a failed start with the exception's stack trace; asl says why in one line instead.
                    logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);
                    logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);

                    // Each Add*Console names its formatter: adding the simple one after the JSON one (as this did) made
                    // --log-format json print text (found by a user trial).
                    if (json)
                    {
                        logging.AddJsonConsole();
                    }
                    else
                    {
                        logging.AddSimpleConsole(simple => simple.SingleLine = true);
                    }
                });
        }
        catch (ArgumentException e)
        {
            // The message without the " (Parameter 'host')" an ArgumentException adds.
            var message = e.ParamName is null ? e.Message : e.Message.Replace(" (Parameter '" + e.ParamName + "')", string.Empty, StringComparison.Ordinal);
            error.WriteLine("asl: " + message);
            return AslCommandLine.Failure;
        }

        try
        {
            server.StartAsync(cancellationToken).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException)
        {
            // IOException: the port is taken; SocketException: an address this machine does not have (or cannot bind).
            error.WriteLine("asl: cannot listen on " + args.Host + ":" + args.Port.ToString(CultureInfo.InvariantCulture) + ": " + e.Message);
            server.DisposeAsync().AsTask().GetAwaiter().GetResult();
            api.ShutdownAsync(CancellationToken.None).GetAwaiter().GetResult();
            return AslCommandLine.Failure;
        }

        output.WriteLine("asl serve: listening on " + server.BaseAddress.AbsoluteUri.TrimEnd('/'));
        output.Flush();
        serving?.Invoke(api, store, time);
        server.WaitForShutdownAsync(cancellationToken).GetAwaiter().GetResult();
        server.StopAsync(CancellationToken.None).GetAwaiter().GetResult();
        server.DisposeAsync().AsTask().GetAwaiter().GetResult();

        // Running Standard executions stay RUNNING in a durable store and resume on the next start.
        api.ShutdownAsync(CancellationToken.None).GetAwaiter().GetResult();
        return AslCommandLine.Success;
    }

    private static bool TryLogging(ServeArguments args, TextWriter error, out LogLevel level, out bool json)
    {
        json = string.Equals(args.LogFormat, "json", StringComparison.OrdinalIgnoreCase);
        if (!json && !string.Equals(args.LogFormat, "simple", StringComparison.OrdinalIgnoreCase))
        {
            error.WriteLine($"asl: --log-format must be simple or json, not '{args.LogFormat}'.");
            level = default;
            return false;
        }

        if (!Enum.TryParse(args.LogLevel, ignoreCase: true, out level) || !Enum.IsDefined(level))
        {
            error.WriteLine($"asl: --log-level must be Trace, Debug, Information, Warning, Error, Critical or None, not '{args.LogLevel}'.");
            return false;
        }

        return true;
    }

    private static bool TryBuildApi(ServeArguments args, SqliteStepFunctionsStore? store, TimeProvider time, TextWriter error, out LocalStepFunctions api)
    {
        api = null!;
        if (args.Port is < 0 or > 65535)
        {
            error.WriteLine("asl: --port must be between 0 and 65535.");
            return false;
        }

        if (!ArnPlaceArguments.TryRead("asl", args.AccountId, args.Region, error, out var account, out var region))
        {
            return false;
        }

        // --mock alone: each execution picks its test case (StartExecution on 'ARN#TestCase'); --test-case adds the one
        // executions started without '#' run with.
        MockConfiguration? configuration = null;
        MockTestCase? mocks = null;
        if (args.Mock is not null || args.TestCase is not null)
        {
            if (args.Mock is null)
            {
                error.WriteLine("asl: --test-case needs --mock (the mock configuration file that holds the test case).");
                return false;
            }

            if (!MockConfigurationFile.TryRead(args.Mock, error, out var mockJson))
            {
                return false;
            }

            try
            {
                configuration = MockConfiguration.Parse(mockJson);
                var all = configuration.ReadAllTestCases();
                mocks = args.TestCase is null ? null : configuration.GetTestCase(null, args.TestCase);
                MockConfigurationFile.WriteWarnings(args.Mock, all.Select(testCase => testCase.TestCase), error);
            }
            catch (FormatException e)
            {
                error.WriteLine($"asl: {args.Mock}: {e.Message}");
                return false;
            }
        }

        if (!S3FolderArgument.TryRead(args.S3, error, out var s3))
        {
            return false;
        }

        IReadOnlyDictionary<string, ILambdaFunction> functions = new Dictionary<string, ILambdaFunction>();
        if (args.Handlers is not null)
        {
            if (string.IsNullOrWhiteSpace(args.Handlers))
            {
                error.WriteLine("asl: --handlers needs the path of the handlers assembly (.dll).");
                return false;
            }

            if (Directory.Exists(args.Handlers))
            {
                error.WriteLine("asl: --handlers: '" + args.Handlers + "' is a directory; give the path of the handlers assembly (.dll).");
                return false;
            }

            try
            {
                functions = LambdaTaskRouter.LoadFunctions(args.Handlers);
            }
            catch (BadImageFormatException)
            {
                error.WriteLine("asl: --handlers: '" + args.Handlers + "' is not a .NET assembly.");
                return false;
            }
            catch (Exception e) when (e is FileNotFoundException or FormatException or FileLoadException)
            {
                error.WriteLine("asl: --handlers: " + e.Message);
                return false;
            }
        }

        var registry = new TaskHandlerRegistry();
        if (!(args.Endpoints ?? new ServiceEndpoints()).TryRegister(registry, functions, region, error))
        {
            return false;
        }

        api = new LocalStepFunctions(new StepFunctionsOptions
        {
            AccountId = account,
            Region = region,
            TimeProvider = time,
            Execution = new ExecutionOptions
            {
                TimeProvider = time,
                TaskHandlers = registry,
                Mocks = mocks,
                ItemReader = s3?.ItemReader,
                ResultWriter = s3?.ResultWriter ?? new InMemoryMapResultWriter(),
            },
            MockConfiguration = configuration,
            DefaultTestCase = args.TestCase,
            Store = store,
            StandardExecutionRetention = args.Retention ?? DefaultRetention,
            Observers = store is null ? [] : [new StoreFailureNotice(store, TextWriter.Synchronized(error))],
        });
        return true;
    }

    /// <summary>What tests can change in <see cref="Execute(ServeArguments, TextWriter, TextWriter, ServeHooks?, CancellationToken)"/>.</summary>
    /// <param name="OpenStore">Opens the store in place of <see cref="SqliteStepFunctionsStore.Open"/> (given the path and the options serve would use).</param>
    /// <param name="Serving">Called once the server listens, with the API, the store and the clock.</param>
    internal sealed record ServeHooks(
        Func<string, SqliteStoreOptions, SqliteStepFunctionsStore>? OpenStore = null,
        Action<LocalStepFunctions, SqliteStepFunctionsStore?, TimeProvider>? Serving = null);

    /// <summary>
    /// Says on standard error when the store could not be written under an execution's run (a full disk): the execution
    /// did not end, it stays RUNNING in the store (and in DescribeExecution), and the next start of the server resumes it.
    /// </summary>
    private sealed class StoreFailureNotice(SqliteStepFunctionsStore store, TextWriter error) : IExecutionObserver
    {
        public void ExecutionStarted(ExecutionObservation execution)
        {
        }

        // Events are not read: an EXPRESS execution records no history for this observer.
        public bool ObservesHistory(ExecutionObservation execution) => false;

        public void HistoryEventRecorded(ExecutionObservation execution, AslCompiler.Runtime.Api.HistoryEvent historyEvent)
        {
        }

        public void ExecutionCompleted(ExecutionObservation execution, AslCompiler.Runtime.Api.ExecutionStatus status, DateTimeOffset stopDate)
        {
        }

        public void ExecutionInterrupted(ExecutionObservation execution, Exception exception)
        {
            var cause = exception is SqliteStoreException ? exception.Message : "SQLite store '" + store.Path + "' failed: " + exception.Message;
            error.WriteLine("asl serve: " + cause.TrimEnd().TrimEnd('.') + "; execution " + execution.ExecutionArn
                + " stays RUNNING in the store and resumes when asl serve starts again (same --store) with room to write.");
        }
    }
}
