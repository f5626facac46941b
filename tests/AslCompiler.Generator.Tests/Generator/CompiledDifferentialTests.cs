using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.Loader;
using System.Text;
using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Interpreter;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Tasks;
using AslCompiler.Runtime.Timing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using AslCompiler.Tests.Shared;
using Xunit.Abstractions;

namespace AslCompiler.Generator.Tests.Generator;

/// <summary>
/// Differential tests: every localstack corpus case is generated, compiled with Roslyn into one assembly (loaded in a
/// collectible context) and run through the generated class's compiled <c>Program</c>, and through the interpreter,
/// with the same clock, random seed, name and recorded task outcomes (callbacks included).
/// Status, output, error, cause and every history event (type and details) must be identical.
/// </summary>
public sealed partial class CompiledDifferentialTests(ITestOutputHelper output)
{
    // Raise as cases are added; a drop means generated code stopped compiling or started to differ.
    private const int Floor = 847;

    // Cases whose compiled program has a synchronous root (618 when this was written): a drop means the generator
    // stopped emitting it for definitions it used to cover.
    private const int SynchronousFloor = 600;

    // Cases whose compiled program has an asynchronous root instead (the others: Task, Wait, Parallel ... states; 229
    // when this was written).
    private const int AsynchronousFloor = 220;

    // Cases whose runners hold some state's output as a record (a Pass state's Parameters object, a Map's ItemSelector).
    private const int RecordsFloor = 40; // 45 when this was written

    // Valid definitions of the validator corpora, run both ways (120 of 281 files when this was written).
    private const int ValidatorCorpusFloor = 115;

    [Fact]
    public async Task Compiled_and_interpreted_executions_are_identical()
    {
        // Doc comments are checked by the other generator tests; parsing them for 800+ classes only costs time here.
        var (compared, synchronous, asynchronous, sources) = await CompareAllAsync(LoadCases(), "Differential", DocumentationMode.None);
        var withRecords = sources.Values.Count(source => source.Contains("private readonly struct Record", StringComparison.Ordinal));

        // The small methods that read or write a record ask to be inlined into the runner (its fields stay in locals).
        var inlined = sources.Values.Count(source => source.Contains("private readonly struct Record", StringComparison.Ordinal) &&
            source.Contains("[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]", StringComparison.Ordinal));
        output.WriteLine($"with records: {withRecords}");
        Assert.True(compared >= Floor, $"Only {compared} cases were compared; the floor is {Floor}.");
        Assert.True(synchronous >= SynchronousFloor, $"Only {synchronous} cases have a synchronous root; the floor is {SynchronousFloor}.");
        Assert.True(asynchronous >= AsynchronousFloor, $"Only {asynchronous} cases have an asynchronous root; the floor is {AsynchronousFloor}.");
        Assert.True(withRecords >= RecordsFloor, $"Only {withRecords} cases hold state outputs as records; the floor is {RecordsFloor}.");
        Assert.True(inlined == withRecords, $"Only {inlined} of the {withRecords} cases with records ask for their record methods to be inlined.");
    }

    /// <summary>
    /// The definitions of the validator corpora (asl-validator, statelint, the ASL language service) that are valid: each
    /// runs compiled and interpreted on an empty object, every Task failing (no recorded outcome), so paths that find
    /// nothing, retries and catchers are exercised across definitions written by other hands than the recorded cases'.
    /// </summary>
    [Fact]
    public async Task Validator_corpus_definitions_run_alike_compiled_and_interpreted()
    {
        var corpus = Path.Combine(RepositoryPaths.Root, "..", "shared", "corpus");
        var cases = new List<CorpusCase>();
        foreach (var folder in new[] { "asl-validator/definitions", "statelint/definitions", "statelint/inline", "asl-service/fixtures" })
        {
            foreach (var file in Directory.GetFiles(Path.Combine(corpus, folder), "*.json").Order(StringComparer.Ordinal))
            {
                // The invalid ones get a shell class, which the comparison skips.
                var text = File.ReadAllText(file);
                cases.Add(new CorpusCase(
                    folder + "/" + Path.GetFileName(file),
                    "Definition" + cases.Count.ToString("D4", System.Globalization.CultureInfo.InvariantCulture),
                    text,
                    JsonValue.EmptyObject,
                    Express: false,
                    JsonValue.EmptyArray,
                    text.Contains("\"Parallel\"", StringComparison.Ordinal) || text.Contains("\"Map\"", StringComparison.Ordinal)));
            }
        }

        var (compared, _, _, _) = await CompareAllAsync(cases, "ValidatorCorpus", DocumentationMode.Diagnose);
        Assert.True(compared >= ValidatorCorpusFloor, $"Only {compared} definitions were compared; the floor is {ValidatorCorpusFloor}.");
    }

    /// <summary>
    /// Generates every case into one assembly named <paramref name="name"/>, requires it to compile without warnings
    /// (doc comments too, with <see cref="DocumentationMode.Diagnose"/>), runs each case's compiled program and the
    /// interpreter's with history on and off, and requires no difference.
    /// </summary>
    private async Task<(int Compared, int Synchronous, int Asynchronous, ImmutableDictionary<string, string> Sources)> CompareAllAsync(List<CorpusCase> cases, string name, DocumentationMode documentation)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var files = cases.Select(c => GeneratorHarness.File("Cases/" + c.ClassName + ".asl.json", c.Definition)).ToArray();
        var parseOptions = GeneratorHarness.ParseOptions.WithDocumentationMode(documentation);
        var driver = CSharpGeneratorDriver.Create([new AslGenerator().AsSourceGenerator()], files, parseOptions, GeneratorHarness.Options(name));
        var seed = CSharpCompilation.Create(
            name,
            // Types named like the contextual keywords a generated file could rely on (ContextualKeywordTests): every
            // corpus case compiles with them in scope.
            [CSharpSyntaxTree.ParseText("namespace " + name + ".Cases { internal sealed class var { } internal sealed class dynamic { } internal sealed class nameof { } }", parseOptions)],
            GeneratorHarness.RuntimeReferences,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, concurrentBuild: true));
        var (_, compilation, sources) = GeneratorHarness.Run(driver, seed);
        output.WriteLine($"generated source: {sources.Values.Sum(s => s.Length) / 1024} KiB");
        var generated = watch.Elapsed;
        using var stream = new MemoryStream();
        var emitted = compilation.Emit(stream);
        var errors = emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(20).ToArray();
        Assert.True(emitted.Success, "The generated code does not compile:" + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => e.ToString())));
        var warnings = emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Warning).Take(20).ToArray();
        Assert.True(warnings.Length == 0, "The generated code has warnings:" + Environment.NewLine + string.Join(Environment.NewLine, warnings.Select(e => e.ToString())));
        var built = watch.Elapsed;
        stream.Position = 0;
        var context = new AssemblyLoadContext(name, isCollectible: true);
        try
        {
            var assembly = context.LoadFromStream(stream);
            var compared = 0;
            var notGenerated = 0;
            var differences = new List<string>();
            var synchronous = 0;
            var asynchronous = 0;
            foreach (var testCase in cases)
            {
                var type = assembly.GetType(name + ".Cases." + testCase.ClassName);
                // A definition with errors gets a shell class (its members throw): nothing compiled to compare.
                if (type is null || type.GetField("AslDefinitionErrors", BindingFlags.NonPublic | BindingFlags.Static) is not null)
                {
                    notGenerated++;
                    continue;
                }

                var compiled = (StateMachineProgram)type.GetProperty("Program", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
                StateMachineProgram interpreted;
                try
                {
                    interpreted = AslInterpreter.Compile(testCase.Definition);
                }
                catch (AslCompilationException)
                {
                    notGenerated++;
                    continue;
                }

                compared++;
                var (difference, recorded, _) = await CompareAsync(interpreted, compiled, testCase, recordHistory: true);
                if (difference is not null)
                {
                    differences.Add(testCase.Id + ": " + difference);
                }

                // History off: the compiled program runs its synchronous root when it has one (Pass, Choice, Succeed,
                // Fail and inline Map states only), else its asynchronous root; the outcome must still be the interpreter's.
                synchronous += compiled.SynchronousRoot is null ? 0 : 1;
                asynchronous += compiled.AsynchronousRoot is null ? 0 : 1;
                Assert.True((compiled.SynchronousRoot is null) != (compiled.AsynchronousRoot is null), testCase.Id + ": one root runner, synchronous or asynchronous");
                var (quietDifference, quietInterpreted, quietCompiled) = await CompareAsync(interpreted, compiled, testCase, recordHistory: false);
                if (quietDifference is not null)
                {
                    differences.Add(testCase.Id + " (history off): " + quietDifference);
                }
                else if (recorded is not null && quietCompiled is not null && quietInterpreted is not null && recorded.Status == quietCompiled.Status
                    && (recorded.Error != quietCompiled.Error || recorded.Cause != quietCompiled.Cause))
                {
                    // A cause names the event id its state entered at ("entered at the event id #N"), counted with history off.
                    differences.Add(testCase.Id + " (history off against on): " + recorded.Error + ": " + recorded.Cause + " != " + quietCompiled.Error + ": " + quietCompiled.Cause);
                }
                else if (recorded is not null && quietCompiled is not null && recorded.Status == quietCompiled.Status && EndsByItself(recorded) && recorded.StatesEntered != quietCompiled.StatesEntered)
                {
                    // The kernel counts the states entered (ExecutionResult.StatesEntered) whether it records their events or not.
                    differences.Add(testCase.Id + " (history off against on): states entered " + recorded.StatesEntered + " != " + quietCompiled.StatesEntered);
                }
            }

            output.WriteLine($"generate {generated.TotalSeconds:F1} s, compile {(built - generated).TotalSeconds:F1} s, run {(watch.Elapsed - built).TotalSeconds:F1} s");
            output.WriteLine($"compared: {compared}, differences: {differences.Count}, not generated (invalid definitions): {notGenerated}, generated files: {sources.Count}, with a synchronous root: {synchronous}, with an asynchronous root: {asynchronous}");
            Assert.True(differences.Count == 0, string.Join(Environment.NewLine, differences.Take(20)));
            return (compared, synchronous, asynchronous, sources);
        }
        finally
        {
            context.Unload();
        }
    }

    private static List<CorpusCase> LoadCases()
    {
        var dir = Path.Combine(RepositoryPaths.Root, "..", "shared", "corpus", "localstack", "cases");
        var cases = new List<CorpusCase>();
        foreach (var file in Directory.GetFiles(dir, "*.json").OrderBy(f => f, StringComparer.Ordinal))
        {
            var testCase = JsonValue.Parse(File.ReadAllText(file));
            var definition = testCase["definition"].ToJsonString();
            cases.Add(new CorpusCase(
                testCase["id"].GetString(),
                "Case" + cases.Count.ToString("D4", System.Globalization.CultureInfo.InvariantCulture),
                definition,
                testCase["input"],
                testCase["state_machine_type"].TryGetString(out var t) && t == "EXPRESS",
                testCase["expected"]["history"],
                definition.Contains("\"Parallel\"", StringComparison.Ordinal) || definition.Contains("\"Map\"", StringComparison.Ordinal)));
        }

        return cases;
    }

    /// <summary>
    /// Runs the case both ways and tells how they differ (null: alike). When the two runs end differently within the
    /// time (one finished, went idle, or was aborted by the time limit), both run again with ten times the time: a run
    /// whose task is answered by a callback waits for a pool thread, and a virtual clock advances between timers, both
    /// of which a machine busy compiling in parallel test classes can hold back past the first limit.
    /// </summary>
    private static async Task<(string? Difference, ExecutionResult? Interpreted, ExecutionResult? Compiled)> CompareAsync(StateMachineProgram interpreted, StateMachineProgram compiled, CorpusCase testCase, bool recordHistory)
    {
        var left = await RunAsync(interpreted, testCase, recordHistory);
        var right = await RunAsync(compiled, testCase, recordHistory);
        // Nothing but the time limit stops a run here, so an aborted one did not finish in time either. Runs that end
        // alike (both finished, both idle, both aborted) are compared as they are.
        static string Ending(ExecutionResult? result) => result is null ? "idle" : result.Status == ExecutionStatus.Aborted ? "aborted" : "finished";
        if (Ending(left) != Ending(right))
        {
            left = await RunAsync(interpreted, testCase, recordHistory, patience: 10);
            right = await RunAsync(compiled, testCase, recordHistory, patience: 10);
        }

        return (Difference(left, right, testCase.Concurrent), left, right);
    }

    private static async Task<ExecutionResult?> RunAsync(StateMachineProgram program, CorpusCase testCase, bool recordHistory, int patience = 1)
    {
        var clock = new VirtualTimeProvider(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
        ExecutionKernel? kernel = null;
        var handlers = new TaskHandlerRegistry().Register("*", RecordedTaskOutcomes.Handler(testCase.History, callbacks: () => kernel!));
        kernel = new ExecutionKernel(new ExecutionOptions { TimeProvider = clock, TaskHandlers = handlers, Random = new Random(7), ItemReader = UploadedObjectReader(testCase) });
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(3 * patience));
            var work = kernel.RunAsync(program, testCase.Input, Request(testCase.Express, recordHistory), cts.Token).AsTask();
            return await VirtualClock.RunAsync(clock, work, TimeSpan.FromSeconds(patience));
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    // ExecutionType is defined in both the generator (linked language core) and AslCompiler.Language: set it by name.
    private static ExecutionRequest Request(bool express, bool recordHistory)
    {
        var request = new ExecutionRequest { StateMachineName = "StateMachine", Name = "differential", RecordHistory = recordHistory };
        if (express)
        {
            var property = typeof(ExecutionRequest).GetProperty(nameof(ExecutionRequest.Type))!;
            property.SetValue(request, Enum.Parse(property.PropertyType, "Express"));
        }

        return request;
    }

    private static string? Difference(ExecutionResult? left, ExecutionResult? right, bool concurrent)
    {
        if (left is null || right is null)
        {
            return left is null && right is null ? null : "one run did not finish (interpreted: " + (left is null ? "running" : left.StatusName) + ", compiled: " + (right is null ? "running" : right.StatusName) + ")";
        }

        if (left.Status != right.Status)
        {
            return "status " + left.StatusName + " != " + right.StatusName + " (" + left.Cause + " / " + right.Cause + ")";
        }

        // The text too: members in the same order (object equality does not look at the order). A Map Run's id (in its
        // ARN and its ResultWriter's keys) is drawn from a non-seeded source on both sides.
        if (Normalized(left.Output.ToJsonString()) != Normalized(right.Output.ToJsonString()))
        {
            return "output " + left.Output.ToJsonString() + " != " + right.Output.ToJsonString();
        }

        if (left.Error != right.Error || left.Cause != right.Cause)
        {
            return "error " + left.Error + ": " + left.Cause + " != " + right.Error + ": " + right.Cause;
        }

        if (EndsByItself(left) && left.StatesEntered != right.StatesEntered)
        {
            return "states entered " + left.StatesEntered + " != " + right.StatesEntered;
        }

        if (EndsByItself(left) && left.History is { } history && history.Events.Count(e => e.Type.EndsWith("StateEntered", StringComparison.Ordinal)) is var entered && entered != left.StatesEntered)
        {
            return "states entered " + left.StatesEntered + ", but the history has " + entered + " entered events";
        }

        var a = Events(left);
        var b = Events(right);
        if (concurrent)
        {
            a.Sort(StringComparer.Ordinal);
            b.Sort(StringComparer.Ordinal);
        }

        for (var i = 0; i < Math.Max(a.Count, b.Count); i++)
        {
            var x = i < a.Count ? a[i] : "(none)";
            var y = i < b.Count ? b[i] : "(none)";
            if (x != y)
            {
                return "history event " + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + ": " + x + " != " + y;
            }
        }

        return null;
    }

    // An endless loop is cut short by the test's time limit (ABORTED) or by the real run time a virtual clock allows
    // (TIMED_OUT): how many states it entered by then depends on the machine's speed.
    private static bool EndsByItself(ExecutionResult result) => result.Status is not (ExecutionStatus.Aborted or ExecutionStatus.TimedOut);

    // A Map Run's ARN ends in an id the kernel draws from a non-seeded source; everything else must match exactly.
    private static List<string> Events(ExecutionResult result) =>
        result.History?.Events.Select(e => e.Type + " " + Normalized(e.Details.ToJsonString())).ToList() ?? [];

    private static string Normalized(string json) => MapJobsKey().Replace(MapRunId().Replace(json, ":mapRun:$1:<id>"), "mapJobs/<id>/");

    [System.Text.RegularExpressions.GeneratedRegex(":mapRun:([^\"]*):[0-9a-f-]{12,36}")]
    private static partial System.Text.RegularExpressions.Regex MapRunId();

    [System.Text.RegularExpressions.GeneratedRegex("mapJobs/[0-9a-f-]{36}/")]
    private static partial System.Text.RegularExpressions.Regex MapJobsKey();

    /// <summary>
    /// A distributed Map's ItemReader over the S3 object the case's test uploaded (<see cref="RecordedS3Objects"/>), as the
    /// runtime's corpus test reads it: compiled and interpreted then map over the same items. Null for the other cases.
    /// </summary>
    private static Func<ItemReaderRequest, CancellationToken, ValueTask<JsonValue>>? UploadedObjectReader(CorpusCase testCase)
    {
        if (!RecordedS3Objects.ByCase.TryGetValue(testCase.Id, out var uploaded))
        {
            return null;
        }

        return new S3ItemReader(new InMemoryS3ObjectSource().Put(testCase.Input["Bucket"].GetString(), testCase.Input["Key"].GetString(), uploaded)).ReadAsync;
    }

    private sealed record CorpusCase(string Id, string ClassName, string Definition, JsonValue Input, bool Express, JsonValue History, bool Concurrent);
}
