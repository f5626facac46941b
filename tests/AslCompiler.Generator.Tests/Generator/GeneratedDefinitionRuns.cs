using System.Collections.Immutable;
using System.Globalization;
using System.Reflection;
using System.Runtime.Loader;
using System.Text.RegularExpressions;
using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Interpreter;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Tasks;
using AslCompiler.Runtime.Timing;

namespace AslCompiler.Generator.Tests.Generator;

/// <summary>
/// What the property tests over generated definitions share: the generator compiles every definition into one
/// collectible assembly, and each valid one runs compiled and interpreted on every input, history on and off, on a
/// virtual clock and one seed, with a task handler that answers or fails as its input says. Status, output text,
/// error, cause and every history event must be the same.
/// </summary>
internal sealed partial class GeneratedDefinitionRuns
{
    /// <summary>How many definitions were valid and compared.</summary>
    public int Compared { get; private set; }

    /// <summary>The interpreter's outcomes: "status error" and how many runs ended so.</summary>
    public Dictionary<string, int> Outcomes { get; } = new(StringComparer.Ordinal);

    /// <summary>The causes of the error the caller follows (its state prefix cut, shortened), and how often.</summary>
    public Dictionary<string, int> Causes { get; } = new(StringComparer.Ordinal);

    /// <summary>Each run where compiled and interpreted differ: the definition, the input and the difference.</summary>
    public List<string> Differences { get; } = [];

    /// <summary>The generated sources by hint name.</summary>
    public ImmutableDictionary<string, string> Sources { get; private set; } = ImmutableDictionary<string, string>.Empty;

    /// <summary>Generates classes <c>Shop.Gen.{prefix}N</c> for <paramref name="definitions"/>, runs them and compares.</summary>
    public static async Task<GeneratedDefinitionRuns> RunAsync(IReadOnlyList<string> definitions, string prefix, IReadOnlyList<string> inputs, string followedError)
    {
        var runs = new GeneratedDefinitionRuns();
        var files = definitions.Select((definition, i) => GeneratorHarness.File("Gen/" + prefix + i.ToString(CultureInfo.InvariantCulture) + ".asl.json", definition)).ToList();
        var (_, output, sources) = GeneratorHarness.Run(GeneratorHarness.CreateDriver(files), GeneratorHarness.Compilation(GeneratorHarness.RuntimeReferences));
        Assert.Empty(GeneratorHarness.WarningsAndErrors(output));
        runs.Sources = sources;
        using var stream = new MemoryStream();
        var emitted = output.Emit(stream);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        stream.Position = 0;
        var context = new AssemblyLoadContext("generated-" + prefix, isCollectible: true);
        try
        {
            var assembly = context.LoadFromStream(stream);
            for (var i = 0; i < definitions.Count; i++)
            {
                var type = assembly.GetType("Shop.Gen." + prefix + i.ToString(CultureInfo.InvariantCulture), throwOnError: true)!;

                // A definition the validator refuses gets a shell class (a generated rule may compare what ASL does not allow).
                if (type.GetField("AslDefinitionErrors", BindingFlags.NonPublic | BindingFlags.Static) is not null)
                {
                    continue;
                }

                runs.Compared++;
                var compiled = (StateMachineProgram)type.GetProperty("Program", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
                var interpreted = AslInterpreter.Compile(definitions[i]);
                foreach (var input in inputs)
                {
                    foreach (var history in new[] { true, false })
                    {
                        var expected = await RunAsync(interpreted, input, history);
                        var actual = await RunAsync(compiled, input, history);
                        runs.Count(expected, followedError);
                        if (Difference(expected, actual) is { } difference)
                        {
                            runs.Differences.Add("definition " + i + " (history " + (history ? "on" : "off") + ") " + definitions[i] + " on " + input + ": " + difference);
                        }
                    }
                }
            }
        }
        finally
        {
            context.Unload();
        }

        return runs;
    }

    /// <summary>The outcomes and the followed error's causes, for the test's log.</summary>
    public string Summary(int count) =>
        Compared + " of " + count + " definitions compared; outcomes: " + string.Join(", ", Outcomes.OrderByDescending(o => o.Value).Select(o => o.Key + ": " + o.Value)) +
        "\ncauses:\n" + string.Join("\n", Causes.OrderByDescending(o => o.Value).Take(15).Select(o => o.Value + " " + o.Key));

    /// <summary>Requires most definitions valid, no difference, and at least <paramref name="successes"/> successful runs.</summary>
    public void AssertAgreed(int count, int successes)
    {
        Assert.True(Compared > count * 3 / 4, Compared + " of " + count + " generated definitions are valid.");
        Assert.True(Differences.Count == 0, Differences.Count + " differences:\n" + string.Join("\n\n", Differences.Take(5)));
        Assert.True(Outcomes.GetValueOrDefault("Succeeded ") > successes, Summary(count));
    }

    private void Count(ExecutionResult result, string followedError)
    {
        var key = result.Status + " " + result.Error;
        Outcomes[key] = Outcomes.GetValueOrDefault(key) + 1;
        if (result.Error == followedError)
        {
            var cause = StatePrefix().Replace(result.Cause ?? string.Empty, string.Empty);
            cause = cause[..Math.Min(cause.Length, 150)];
            Causes[cause] = Causes.GetValueOrDefault(cause) + 1;
        }
    }

    [GeneratedRegex(@"^An error occurred .*?\)\. ")]
    private static partial Regex StatePrefix();

    private static async Task<ExecutionResult> RunAsync(StateMachineProgram program, string input, bool history)
    {
        var clock = new VirtualTimeProvider(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
        var attempts = new Dictionary<string, int>(StringComparer.Ordinal);
        var handlers = new TaskHandlerRegistry().Register("*", invocation => new ValueTask<JsonValue>(Answer(invocation, attempts)));
        var kernel = new ExecutionKernel(new ExecutionOptions { TimeProvider = clock, TaskHandlers = handlers, Random = new Random(7) });
        var request = new ExecutionRequest { StateMachineName = "StateMachine", Name = "gen", RecordHistory = history };
        return await VirtualClock.RunAsync(clock, kernel.RunAsync(program, JsonValue.Parse(input), request).AsTask(), TimeSpan.FromSeconds(5));
    }

    // A task fails with the error its input names in "fail" ("Flaky": only its first attempt at that state), else answers
    // with what it was given.
    private static JsonValue Answer(TaskInvocation invocation, Dictionary<string, int> attempts)
    {
        if (invocation.Input.TryGetObject(out var obj) && obj.TryGetValue("fail", out var fail) && fail.TryGetString(out var error))
        {
            lock (attempts)
            {
                var attempt = attempts[invocation.StateName] = attempts.GetValueOrDefault(invocation.StateName) + 1;
                if (error != "Flaky" || attempt == 1)
                {
                    throw new TaskFailedException(error, "the task failed: " + error);
                }
            }
        }

        return JsonValue.CreateObject(new("got", invocation.Input), new("state", invocation.StateName));
    }

    private static string? Difference(ExecutionResult left, ExecutionResult right)
    {
        if (left.Status != right.Status)
        {
            return "status " + left.StatusName + " != " + right.StatusName + " (" + left.Error + ": " + left.Cause + " / " + right.Error + ": " + right.Cause + ")";
        }

        if (left.Output.ToJsonString() != right.Output.ToJsonString())
        {
            return "output " + left.Output.ToJsonString() + " != " + right.Output.ToJsonString();
        }

        if (left.Error != right.Error || left.Cause != right.Cause)
        {
            return "error " + left.Error + ": " + left.Cause + " != " + right.Error + ": " + right.Cause;
        }

        var a = left.History?.Events.Select(e => e.Type + " " + e.Details.ToJsonString()).ToList() ?? [];
        var b = right.History?.Events.Select(e => e.Type + " " + e.Details.ToJsonString()).ToList() ?? [];
        for (var i = 0; i < Math.Max(a.Count, b.Count); i++)
        {
            var x = i < a.Count ? a[i] : "(none)";
            var y = i < b.Count ? b[i] : "(none)";
            if (x != y)
            {
                return "history event " + i.ToString(CultureInfo.InvariantCulture) + ": " + x + " != " + y;
            }
        }

        return null;
    }
}
