using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using AslCompiler.Language.Model;
using AslCompiler.Language.Text;
using AslCompiler.Language.Validation;
using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Interpreter;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Tasks;
using AslCompiler.Runtime.Timing;
using AslCompiler.Server.Lambda;

namespace AslCompiler.Cli.Commands;

/// <summary>
/// <c>asl run FILE --input JSON|@file [--mock mocks.json --test-case NAME] [--type STANDARD|EXPRESS] [--history] [--real-time]
/// [--store PATH] [--name NAME] [--s3 DIR]</c>: runs a definition on the interpreter and prints <c>{"status","output","error","cause"}</c>
/// (plus <c>"events"</c> with <c>--history</c>); exit 0 when SUCCEEDED, else 1. With <c>--store</c> the Standard
/// execution is durable in a SQLite file and the same command resumes it after Ctrl-C (see <see cref="DurableRun"/>).
/// With <c>--s3</c> a distributed Map reads its items from, and writes its results to, a folder (see <see cref="S3FolderArgument"/>).
/// </summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "The state machine definition (.asl.json), or - for standard input." };
        var input = new Option<string>("--input") { Description = "The execution input: JSON text, or @file." };
        var mock = new Option<string?>("--mock") { Description = "A mock configuration (AWS Step Functions Local MockConfigFile format)." };
        var testCase = new Option<string?>("--test-case") { Description = "The test case of the mock configuration to use." };
        var type = new Option<string>("--type") { Description = "STANDARD or EXPRESS.", DefaultValueFactory = _ => "STANDARD" };
        var history = new Option<bool>("--history") { Description = "Also print the history events, as GetExecutionHistory shows them." };
        var realTime = new Option<bool>("--real-time") { Description = "Really wait for Wait states and timeouts (default: a virtual clock)." };
        var store = new Option<string?>("--store") { Description = "A SQLite file that keeps the (STANDARD) execution durable; the same command with the same --store and --name resumes it after Ctrl-C." };
        var name = new Option<string?>("--name") { Description = "The execution name (default: a new id); with --store, the execution to resume." };
        var connections = new Option<string?>(HttpConnectionsArgument.Name) { Description = HttpConnectionsArgument.Description };
        var s3 = new Option<string?>(S3FolderArgument.Name) { Description = S3FolderArgument.Description, HelpName = "DIR" };
        var accountId = new Option<string?>(ArnPlaceArguments.AccountIdName) { Description = "The account in the execution's ARNs ($$.Execution.Id ...; default 123456789012)." };
        var region = new Option<string?>(ArnPlaceArguments.RegionName) { Description = "The region in the execution's ARNs ($$.Execution.Id ...; default us-east-1)." };
        var substitutions = new Option<string[]>(SubstitutionsArgument.Name) { Description = SubstitutionsArgument.Description, HelpName = "LIST" };
        var command = new Command("run", "Run a state machine definition on the interpreter and print the execution result.")
        {
            file, input, mock, testCase, type, history, realTime, store, name, connections, s3, accountId, region, substitutions,
        };
        var endpoints = new ServiceEndpoints.Options();
        endpoints.AddTo(command);
        command.SetAction(result => Execute(
            new RunArguments(
                result.GetValue(file)!,
                result.GetValue(input),
                result.GetValue(mock),
                result.GetValue(testCase),
                result.GetValue(type) ?? "STANDARD",
                result.GetValue(history),
                result.GetValue(realTime),
                result.GetValue(store),
                result.GetValue(name),
                result.GetValue(connections),
                result.GetValue(s3),
                result.GetValue(accountId),
                result.GetValue(region),
                endpoints.Read(result),
                result.GetValue(substitutions)),
            result.InvocationConfiguration.Output,
            result.InvocationConfiguration.Error));
        return command;
    }

    /// <summary>StartExecution's limit on the input's length, in characters (the API reference's <c>input</c> constraint).</summary>
    private const int MaxInputLength = 262144;

    internal sealed record RunArguments(string File, string? Input, string? Mock, string? TestCase, string Type, bool History, bool RealTime, string? Store = null, string? Name = null, string? HttpConnections = null, string? S3 = null, string? AccountId = null, string? Region = null, ServiceEndpoints? Endpoints = null, string[]? Substitutions = null);

    private static int Execute(RunArguments args, TextWriter output, TextWriter error)
    {
        // StartExecution refuses such a name; the run would carry it into $$.Execution.Name and an execution ARN.
        if (args.Name is not null && !AslCompiler.Runtime.Api.StepFunctionsNames.IsValid(args.Name))
        {
            error.WriteLine("asl: --name '" + args.Name + "' is not a valid execution name: " + DurableRun.NameRule);
            return args.Store is null ? AslCommandLine.Failure : AslCommandLine.UsageError;
        }

        if (InputFile.TryReadText(args.File, error) is not { } definition)
        {
            return AslCommandLine.Failure;
        }

        if (!SubstitutionsArgument.TryRead(args.Substitutions, error, out var substitutions))
        {
            return AslCommandLine.Failure;
        }

        // The definition CloudFormation would deploy; what is said of it is placed in the file as written.
        var substituted = substitutions?.Apply(definition);
        definition = substituted?.Text ?? definition;
        SourceSpan Placed(SourceSpan span) => substituted?.ToOriginal(span) ?? span;

        var parsed = AslDefinitionReader.Read(definition);
        if (parsed.Definition is null)
        {
            foreach (var diagnostic in parsed.Diagnostics)
            {
                error.WriteLine("asl: " + ParseCommand.Format(args.File, Placed(diagnostic.Span), "error", diagnostic.Code, diagnostic.Message));
            }

            return AslCommandLine.Failure;
        }

        // What asl validate --type says of the definition, before the interpreter reads it: an error is a reason AWS would
        // refuse it, with its line and column, where the interpreter knows only that it cannot build a state graph.
        var validation = AslValidator.Validate(parsed.JsonParseResult!, new ValidationOptions { Type = string.Equals(args.Type, "EXPRESS", StringComparison.OrdinalIgnoreCase) ? StateMachineType.Express : StateMachineType.Standard, LeaveOutFollowOnErrors = true });
        StateMachineProgram? program = null;
        try
        {
            program = AslInterpreter.Compile(parsed.Definition, definition);
        }
        catch (AslCompilationException e)
        {
            if (validation.Result != ValidationResultCode.Fail)
            {
                error.WriteLine($"asl: {args.File}: {e.Message}");
                return AslCommandLine.Failure;
            }

            // Nothing of it can run ('States' not an object, a Next naming no state ...): the validator's errors say why,
            // as asl validate --format text does. With --store, CreateStateMachine refuses it below, as any definition
            // AWS would refuse (asl: InvalidDefinition: ...).
            if (args.Store is null)
            {
                foreach (var diagnostic in validation.Diagnostics)
                {
                    error.WriteLine("asl: " + ParseCommand.Format(args.File, Placed(diagnostic.Span), "error", ValidateCommand.IdOf(diagnostic.Code), diagnostic.Message));
                }

                return AslCommandLine.Failure;
            }
        }

        // StartExecution refuses an input over its length limit (the characters of the input as given) before any
        // execution starts, as with --store, rather than the run failing at its first state with States.DataLimitExceeded.
        // It is measured before it is parsed, and a longer one is not held: parsing 128 MB took gigabytes.
        if (JsonArgument.TryReadText("--input", args.Input ?? "{}", MaxInputLength, error) is not { } inputText)
        {
            return AslCommandLine.Failure;
        }

        // The limit is on bytes in UTF-8 (the API's measure of a payload member); the characters, counted as the text was
        // read, are a first bound: a text longer in characters is longer in bytes.
        if (inputText.Text is null || (inputText.Text.Length > MaxInputLength / 3 && System.Text.Encoding.UTF8.GetByteCount(inputText.Text) > MaxInputLength))
        {
            error.WriteLine("asl: ValidationException: " + ServiceErrorText.TooLong(inputText, "input", MaxInputLength));
            return AslCommandLine.Failure;
        }

        if (!JsonArgument.TryParse("--input", inputText.Text, error, out var input))
        {
            return AslCommandLine.Failure;
        }

        ExecutionType executionType;
        switch (args.Type.ToUpperInvariant())
        {
            case "STANDARD":
                executionType = ExecutionType.Standard;
                break;
            case "EXPRESS":
                executionType = ExecutionType.Express;
                break;
            default:
                error.WriteLine($"asl: --type must be STANDARD or EXPRESS, not '{args.Type}'.");
                return AslCommandLine.Failure;
        }

        // A definition AWS would refuse (CreateStateMachine) still runs here, as far as the interpreter can take it; each
        // reason is a warning on standard error, in asl validate's text format, so output and exit code are the run's.
        foreach (var diagnostic in validation.Diagnostics)
        {
            error.WriteLine("asl: " + ParseCommand.Format(args.File, Placed(diagnostic.Span), "warning", ValidateCommand.IdOf(diagnostic.Code), "AWS would refuse this definition: " + diagnostic.Message));
        }

        MockTestCase? mocks = null;
        if (args.Mock is not null || args.TestCase is not null)
        {
            if (args.Mock is null || args.TestCase is null)
            {
                error.WriteLine("asl: --mock and --test-case go together.");
                return AslCommandLine.Failure;
            }

            if (!MockConfigurationFile.TryRead(args.Mock, error, out var mockJson))
            {
                return AslCommandLine.Failure;
            }

            try
            {
                // The machine named after the file (as Step Functions Local matches the state machine's name); a file
                // without one lends the first machine that has the test case.
                var configuration = MockConfiguration.Parse(mockJson);
                var machine = StateMachineName(args.File);
                var named = configuration.StateMachineNames.Contains(machine, StringComparer.Ordinal) ? machine : null;
                mocks = configuration.GetTestCase(named, args.TestCase);
                MockConfigurationFile.WriteWarnings(args.Mock, mocks, error);

                WarnOfMissingStates(mockJson, named, args, parsed.Definition, error);
            }
            catch (FormatException e)
            {
                error.WriteLine($"asl: {args.Mock}: {e.Message}");
                return AslCommandLine.Failure;
            }
        }

        if (!HttpConnectionsArgument.TryRead(args.HttpConnections, error, out var connections))
        {
            return AslCommandLine.Failure;
        }

        if (!S3FolderArgument.TryRead(args.S3, error, out var s3))
        {
            return AslCommandLine.Failure;
        }

        if (!ArnPlaceArguments.TryRead("asl", args.AccountId, args.Region, error, out var account, out var regionName))
        {
            return AslCommandLine.Failure;
        }

        var handlers = new TaskHandlerRegistry();
        if (!(args.Endpoints ?? new ServiceEndpoints()).TryRegister(handlers, new Dictionary<string, ILambdaFunction>(), regionName, error))
        {
            return AslCommandLine.Failure;
        }

        if (args.Store is not null)
        {
            if (executionType != ExecutionType.Standard)
            {
                error.WriteLine("asl: --store keeps STANDARD executions; EXPRESS executions are not durable.");
                return AslCommandLine.UsageError;
            }

            if (string.IsNullOrWhiteSpace(args.Store))
            {
                error.WriteLine("asl: --store needs the path of a SQLite file.");
                return AslCommandLine.UsageError;
            }

            return DurableRun.Execute(args, definition, input, mocks, connections, output, error, s3, handlers);
        }

        var clock = args.RealTime ? null : new VirtualTimeProvider(DateTimeOffset.UtcNow);
        var mapRuns = new MapRunNotes();
        var kernel = new ExecutionKernel(new ExecutionOptions
        {
            AccountId = account,
            Region = regionName,
            RoleArn = ArnPlaceArguments.RoleArn(account),
            TaskHandlers = handlers,
            TimeProvider = clock ?? TimeProvider.System,
            Mocks = mocks,
            HttpConnections = connections,
            ItemReader = s3?.ItemReader,
            ResultWriter = s3?.ResultWriter ?? new InMemoryMapResultWriter(),
            MapRunMonitor = mapRuns,
        });
        var request = new ExecutionRequest { StateMachineName = StateMachineName(args.File), Name = args.Name, Type = executionType, RecordHistory = true };
        ExecutionResult result;
        try
        {
            var work = kernel.RunAsync(program!, input, request).AsTask();
            result = clock is null
                ? work.GetAwaiter().GetResult()
                : VirtualClock.RunAsync(clock, work, TimeSpan.FromSeconds(10)).GetAwaiter().GetResult();
        }
        catch (TimeoutException e)
        {
            error.WriteLine("asl: " + e.Message);
            return AslCommandLine.Failure;
        }

        mapRuns.Write(error);
        WarnOfUnansweredTasks(result, error);
        if (connections is null && result.Cause?.StartsWith("No HTTP connection provider is configured", StringComparison.Ordinal) == true)
        {
            // The runtime's cause names its option (ExecutionOptions.HttpConnections); here the option is --http-connections.
            error.WriteLine("asl: note: an HTTP Task's connection comes from --http-connections: pass it the connections the definition names.");
        }

        if (s3 is null && result.Error == StatesErrors.ItemReaderFailed && result.Cause?.StartsWith("No item reader is configured", StringComparison.Ordinal) == true)
        {
            error.WriteLine("asl: note: an ItemReader reads its objects from a folder standing in for S3: pass --s3 FOLDER.");
        }

        return WriteResult(output, result.Status == ExecutionStatus.Succeeded, result.StatusName, result.Output, result.Error, result.Cause, args.History ? result.History!.ToJson() : default);
    }

    // The start of the runtime's cause for a task that no handler or mock answers (ExecutionRun.InvokeAsync).
    private const string UnansweredTaskCause = "No task handler or mock is registered for the resource ";

    /// <summary>
    /// One warning on standard error per task that no handler or mock answered, when the execution went on (a catcher or
    /// retrier handled its States.TaskFailed): a docs-examples trial's catch-all made a test case that left its state
    /// out run to SUCCEEDED without a word. Output and exit code stay the run's.
    /// </summary>
    internal static void WarnOfUnansweredTasks(ExecutionResult result, TextWriter error)
    {
        if (result.History is { } history)
        {
            WarnOfUnansweredTasks(history.Events.Select(e => e.Details["cause"]), result.Cause, error);
        }
    }

    /// <summary>The warnings of <see cref="WarnOfUnansweredTasks(ExecutionResult, TextWriter)"/> from the causes of the history's events.</summary>
    internal static void WarnOfUnansweredTasks(IEnumerable<JsonValue> causes, string? executionCause, TextWriter error)
    {
        var warned = new HashSet<string>(StringComparer.Ordinal);
        foreach (var value in causes)
        {
            if (value.TryGetString(out var cause) && cause.StartsWith(UnansweredTaskCause, StringComparison.Ordinal)
                && cause != executionCause && warned.Add(cause))
            {
                error.WriteLine("asl: warning: " + cause + " Its States.TaskFailed was handled and the execution went on.");
            }
        }
    }

    /// <summary>
    /// One warning on standard error per state the test case mocks that the definition does not have (at any depth): a
    /// misspelt name leaves its task unmocked, which ran without a word. Output and exit code stay the run's.
    /// </summary>
    private static void WarnOfMissingStates(JsonValue mockJson, string? machine, RunArguments args, StateMachineDefinition definition, TextWriter error)
    {
        // The test case GetTestCase took: of the machine named after the file, or of the first machine that has it.
        var testCase = JsonValue.Undefined;
        foreach (var candidate in mockJson["StateMachines"].GetObject().AsSpan())
        {
            if ((machine is null || candidate.Key == machine) && candidate.Value["TestCases"][args.TestCase!] is { IsObject: true } found)
            {
                testCase = found;
                break;
            }
        }

        if (!testCase.IsObject)
        {
            return;
        }

        var states = definition.AllStates().Select(state => state.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var name in testCase.GetObject().Names)
        {
            if (!states.Contains(name))
            {
                error.WriteLine($"asl: warning: the test case '{args.TestCase}' of {args.Mock} mocks the state '{name}', which {args.File} does not have; it mocks nothing.");
            }
        }
    }

    /// <summary>
    /// Prints <c>{"status","output","error","cause"}</c> (plus <c>"events"</c> when given) and returns the exit code:
    /// the one result shape of <c>asl run</c>, with or without <c>--store</c>.
    /// </summary>
    internal static int WriteResult(TextWriter output, bool succeeded, string statusName, JsonValue executionOutput, string? error, string? cause, JsonValue events)
    {
        var builder = new JsonObjectBuilder(5)
            .Set("status", statusName)
            .Set("output", succeeded && !executionOutput.IsUndefined ? executionOutput : JsonValue.Null)
            .Set("error", error is null ? JsonValue.Null : error)
            .Set("cause", cause is null ? JsonValue.Null : cause);
        if (!events.IsUndefined)
        {
            builder.Set("events", events);
        }

        output.WriteLine(JsonValue.FromObject(builder.ToObject()).ToJsonString());
        return succeeded ? AslCommandLine.Success : AslCommandLine.Failure;
    }

    /// <summary>The state machine name: the file name without <c>.asl.json</c> (as mock configurations name it).</summary>
    internal static string StateMachineName(string file)
    {
        var name = Path.GetFileNameWithoutExtension(file == "-" ? "StateMachine" : file);
        return name.EndsWith(".asl", StringComparison.OrdinalIgnoreCase) ? name[..^4] : name;
    }
}
