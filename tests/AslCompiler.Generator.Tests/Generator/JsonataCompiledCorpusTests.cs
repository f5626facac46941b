using System.Globalization;
using System.Reflection;
using System.Text;
using AslCompiler.Runtime.Compiled;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Jsonata;
using AslCompiler.Tests.Shared;
using Microsoft.CodeAnalysis;
using Xunit.Abstractions;

namespace AslCompiler.Generator.Tests.Generator;

/// <summary>
/// Differential test of the JSONata emitter over the official JSONata 2.0.6 suite (../shared/corpus/jsonata/v2.0.6):
/// every case expression the emitter compiles is emitted as a C# method, all of them compiled in one Roslyn
/// compilation (no warnings, nullable on), then each is run on the case's input and bindings and must give exactly
/// what the evaluator gives: the same value, or the same error code, message, position and token.
/// </summary>
public sealed class JsonataCompiledCorpusTests(ITestOutputHelper output)
{
    // Results that differ from one evaluation to the next by design: only success or failure is compared.
    private static readonly string[] Nondeterministic = ["$random", "$uuid", "$shuffle"];

    private static readonly Lazy<CompiledCorpus> Corpus = new(CompileCorpus);

    [Fact]
    public void Emitted_code_compiles_without_warnings_and_covers_most_of_the_suite()
    {
        var corpus = Corpus.Value;
        output.WriteLine($"{corpus.Cases.Count} cases; {corpus.Compiled.Count} compiled natively, {corpus.Cases.Count - corpus.Compiled.Count} left to the evaluator.");
        foreach (var (reason, count) in corpus.FallbackReasons.OrderByDescending(r => r.Value))
        {
            output.WriteLine($"  fallback: {reason}: {count}" + (reason == "syntax error" ? string.Empty : " (" + string.Join(", ", corpus.Fallbacks.Where(f => f.Reason == reason).Select(f => f.Id).Take(10)) + ")"));
        }

        Assert.Empty(corpus.Diagnostics);
        Assert.True(corpus.Cases.Count > 1500, "the suite was not found whole");

        // Every expression of the suite that parses is compiled (the rest are the suite's syntax error cases, which
        // the evaluator reports when the expression is parsed); a fallback means the emitter lost a construct.
        Assert.True(corpus.Compiled.Count * 100 / corpus.Cases.Count >= 95, $"only {corpus.Compiled.Count} of {corpus.Cases.Count} compiled");
        Assert.DoesNotContain(corpus.Fallbacks, f => f.Reason != "syntax error");
    }

    [Fact]
    public void Compiled_expressions_agree_with_the_evaluator_on_every_compiled_case()
    {
        var corpus = Corpus.Value;
        Assert.NotEmpty(corpus.Compiled);
        var failures = new List<string>();
        foreach (var (testCase, method) in corpus.Compiled)
        {
            var body = method.CreateDelegate<JsonataCompiledBody>();
            var compiled = new JsonataCompiledExpression(testCase.Expression, body);
            var options = Options(testCase);
            var bindings = JsonataBindings.FromObject(testCase.Bindings);
            var expected = JsonataExpression.Compile(testCase.Expression).Evaluate(testCase.Input, bindings, options);
            var actual = compiled.Evaluate(testCase.Input, bindings, options);
            var difference = Compare(testCase, expected, actual);
            if (difference is not null)
            {
                failures.Add(testCase.Id + ": " + difference + "  [" + testCase.Expression.ReplaceLineEndings(" ") + "]");
            }
        }

        output.WriteLine($"{corpus.Compiled.Count} compiled cases run; {failures.Count} differ.");
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures.Take(40)));
    }

    [Fact]
    public void Compiled_expressions_pass_the_suite_cases_they_cover()
    {
        // Independent of the evaluator: the compiled code meets the suite's own expectations (value or error code).
        var corpus = Corpus.Value;
        Assert.NotEmpty(corpus.Compiled);
        var failures = new List<string>();
        foreach (var (testCase, method) in corpus.Compiled)
        {
            var compiled = new JsonataCompiledExpression(testCase.Expression, method.CreateDelegate<JsonataCompiledBody>());
            var result = compiled.Evaluate(testCase.Input, JsonataBindings.FromObject(testCase.Bindings), Options(testCase));
            var c = testCase.Case;
            var expectedCode = c["code"].TryGetString(out var code) ? code : c["error"]["code"].TryGetString(out var code2) ? code2 : null;
            string? failure = null;
            if (expectedCode is not null)
            {
                failure = result.Error?.Code == expectedCode ? null : $"expected {expectedCode}, got {(result.Error?.ToString() ?? result.Value.ToJsonString())}";
            }
            else if (result.Error is not null)
            {
                failure = "unexpected error " + result.Error;
            }
            else if (c["undefinedResult"].IsTrue)
            {
                failure = result.Value.IsUndefined ? null : "expected undefined, got " + result.Value.ToJsonString();
            }
            else if (c.GetObject().ContainsKey("result") && !Nondeterministic.Any(testCase.Expression.Contains))
            {
                var expected = c["result"];
                failure = !result.Value.IsUndefined && (expected.Equals(result.Value) || SameUnordered(c, expected, result.Value))
                    ? null
                    : $"expected {expected.ToJsonString()}, got {(result.Value.IsUndefined ? "undefined" : result.Value.ToJsonString())}";
            }

            if (failure is not null)
            {
                failures.Add(testCase.Id + ": " + failure);
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures.Take(40)));
    }

    [Fact]
    public void Compiled_expressions_answer_as_the_reference_does_where_the_evaluator_once_differed()
    {
        // The rows of JsonataReferenceCases (found by a differential fuzz against jsonata 2.0.6), through generated code.
        var rows = JsonataReferenceCases.Rows;
        var type = CompileExpressions(rows.Select(r => r.Expression).ToArray(), "ReferenceCode");
        var failures = new List<string>();
        for (var i = 0; i < rows.Length; i++)
        {
            var (expression, input, expected) = rows[i];
            var body = type.GetMethod("E" + i.ToString(CultureInfo.InvariantCulture))!.CreateDelegate<JsonataCompiledBody>();
            var actual = JsonataReferenceCases.Show(new JsonataCompiledExpression(expression, body).Evaluate(input is null ? default : JsonValue.Parse(input)));
            if (actual != expected)
            {
                failures.Add(expression + ": expected " + expected + ", got " + actual);
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public void Compiled_recursion_is_stopped_by_the_evaluators_guards_without_overflowing_the_stack()
    {
        string[] expressions =
        [
            // Non-tail recursion far deeper than the stack allows: with the depth limit out of the way, the stack guard stops it.
            "($f := function($n) { $n = 0 ? 0 : 1 + $f($n - 1) }; $f(1000000))",

            // Infinite tail recursion: runs in constant stack until the time limit stops it.
            "($inf := function() { $inf() }; $inf())",

            // Deep tail recursion completes in constant stack.
            "($loop := function($n, $acc) { $n = 0 ? $acc : $loop($n - 1, $acc + 1) }; $loop(100000, 0))",

            // Recursion through a built-in higher-order function, every call a tail call: the depth does not grow, the
            // stack does, and the stack guard stops it.
            "($f := function($n) { $map([$n], function($m) { $f($m + 1) }) }; $f(0))",
        ];
        var type = CompileExpressions(expressions, "GuardCode");
        JsonataResult Run(int index, JsonataOptions options) =>
            new JsonataCompiledExpression(expressions[index], type.GetMethod("E" + index.ToString(CultureInfo.InvariantCulture))!.CreateDelegate<JsonataCompiledBody>())
                .Evaluate(JsonValue.Undefined, null, options);

        var unbounded = JsonataOptions.Default with { MaxDepth = int.MaxValue, Timeout = TimeSpan.FromSeconds(30) };
        var deep = Run(0, unbounded);
        Assert.Equal("U1001", deep.Error?.Code);

        var started = System.Diagnostics.Stopwatch.StartNew();
        var endless = Run(1, JsonataOptions.Default with { Timeout = TimeSpan.FromMilliseconds(300) });
        Assert.Equal("U1001", endless.Error?.Code);
        Assert.Contains("timeout", endless.Error!.Message, StringComparison.Ordinal);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(20), "the time limit stopped the loop late");

        Assert.Equal("U1001", Run(3, JsonataOptions.Default).Error?.Code);

        var tail = Run(2, unbounded);
        Assert.Null(tail.Error);
        Assert.Equal(100000, tail.Value.GetDouble());

        // With the default limits, compiled and interpreted fail at the same node. (On a thread with a large stack,
        // so the depth limit decides: where the stack runs out first, the evaluator, which needs more stack per node,
        // may stop earlier than the compiled code.)
        var differences = new List<string>();
        var thread = new Thread(
            () =>
            {
                foreach (var i in new[] { 0, 2 })
                {
                    var expected = JsonataExpression.Compile(expressions[i]).Evaluate(JsonValue.Undefined);
                    var actual = Run(i, JsonataOptions.Default);
                    if (expected.Error != actual.Error || expected.Value.ToJsonString() != actual.Value.ToJsonString())
                    {
                        differences.Add(i + ": " + expected.Error + " @" + expected.Error?.Position + " vs " + actual.Error + " @" + actual.Error?.Position);
                    }
                }
            },
            256 * 1024 * 1024);
        thread.Start();
        thread.Join();
        Assert.Empty(differences);
    }

    [Fact]
    public void Compiled_expressions_meet_the_evaluators_size_and_time_limits()
    {
        // The limits live in the runtime operations both call (concatenation, array growth, the built-ins, the
        // conversion of the result), so compiled code fails where the evaluator fails, with the same error.
        string[] expressions =
        [
            "($f := function($s, $n) { $n = 0 ? $length($s) : $f($s & $s, $n - 1) }; $f('a', 31))",
            "($f := function($a, $n) { $n = 0 ? $count($a) : $f($append($a, $a), $n - 1) }; $f([1], 31))",
            "($a := $pad('', 6000000, 'x'); [$a, $a] ~> $join())",
            "$pad('a', 2000000000)",
            "$fromMillis(0, '[Y,*-2000000000]')",
            "($tree := function($x, $n) { $n = 0 ? $x : $tree({'a': $x, 'b': $x}, $n - 1) }; $tree(1, 60))",
            "$count($distinct([1..100000].($ % 1000)))",
            "[$round(1.5, 400), $formatInteger(1999, 'I'), $toMillis('275760-09-13', '[Y]-[M]-[D]')]",
            "$toMillis('300000', '[Y]')",
            "$fromMillis(8.64e15 + 1)",
            "$count($match($pad('', 10000000, 'a'), /a/))",
        ];
        var type = CompileExpressions(expressions, "LimitCode");
        // Only the last expression is meant to run out of time: the others get a deadline far from their work, so a
        // slow machine cannot turn a size-limit error into a timeout in one of the two runs.
        var quick = JsonataOptions.Default with { Timeout = TimeSpan.FromMilliseconds(200) };
        var patient = JsonataOptions.Default with { Timeout = TimeSpan.FromSeconds(30) };
        var differences = new List<string>();
        for (var i = 0; i < expressions.Length; i++)
        {
            var options = i == expressions.Length - 1 ? quick : patient;
            var expected = JsonataExpression.Compile(expressions[i]).Evaluate(JsonValue.Undefined, null, options);
            var actual = new JsonataCompiledExpression(expressions[i], type.GetMethod("E" + i.ToString(CultureInfo.InvariantCulture))!.CreateDelegate<JsonataCompiledBody>())
                .Evaluate(JsonValue.Undefined, null, options);
            output.WriteLine(expressions[i] + " => " + (expected.Error?.ToString() ?? expected.Value.ToJsonString()));
            if (expected.Error != actual.Error || expected.Value.ToJsonString() != actual.Value.ToJsonString())
            {
                differences.Add(expressions[i] + ": evaluator " + (expected.Error?.ToString() ?? expected.Value.ToJsonString()) + ", compiled " + (actual.Error?.ToString() ?? actual.Value.ToJsonString()));
            }
        }

        Assert.Empty(differences);
    }

    /// <summary>The expressions compiled as methods <c>E0</c>, <c>E1</c> ... of <c>{ns}.Expressions</c>, loaded.</summary>
    private static Type CompileExpressions(string[] expressions, string ns)
    {
        var emitter = new JsonataEmitter(value => "((object)" + JsonataEmitter.DoubleLiteral(value) + ")");
        var source = new StringBuilder("// <auto-generated/>\n#nullable enable\nnamespace " + ns + ";\n\ninternal static class Expressions\n{\n");
        for (var i = 0; i < expressions.Length; i++)
        {
            var body = emitter.TryEmit(expressions[i]) ?? throw new InvalidOperationException("not compiled: " + expressions[i] + " (" + emitter.Unsupported + ")");
            foreach (var field in emitter.Fields)
            {
                source.AppendLine("    " + field);
            }

            source.AppendLine("    public static object? E" + i.ToString(CultureInfo.InvariantCulture) + "(global::AslCompiler.Runtime.Compiled.JsonataScope s, object? x) => " + body + ";");
        }

        return Load(source.Append("}\n").ToString(), ns + ".Expressions");
    }

    /// <summary>The source compiled as a release library with nullable on and every warning an error.</summary>
    private static Microsoft.CodeAnalysis.CSharp.CSharpCompilation StrictCompilation(string source) =>
        GeneratorHarness.Compilation(GeneratorHarness.RuntimeReferences, source)
            .WithOptions(new Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                optimizationLevel: OptimizationLevel.Release).WithGeneralDiagnosticOption(ReportDiagnostic.Error));

    private static Type Load(string source, string typeName)
    {
        var compilation = StrictCompilation(source);
        using var stream = new MemoryStream();
        var emit = compilation.Emit(stream);
        Assert.True(emit.Success, string.Join(Environment.NewLine, emit.Diagnostics));
        return Assembly.Load(stream.ToArray()).GetType(typeName)!;
    }

    private static bool SameUnordered(JsonValue c, JsonValue expected, JsonValue actual) =>
        c["unordered"].IsTrue && expected.IsArray && actual.IsArray
        && expected.GetArray().AsSpan().ToArray().Select(v => v.ToJsonString()).Order(StringComparer.Ordinal)
            .SequenceEqual(actual.GetArray().AsSpan().ToArray().Select(v => v.ToJsonString()).Order(StringComparer.Ordinal));

    private static string? Compare(JsonataSuiteCase testCase, JsonataResult expected, JsonataResult actual)
    {
        if (expected.Error is { } e)
        {
            if (actual.Error is not { } a)
            {
                return "evaluator failed with " + e + " (position " + e.Position + "), compiled gave " + Show(actual.Value);
            }

            return e.Code == a.Code && e.Message == a.Message && e.Position == a.Position && e.Token == a.Token
                ? null
                : $"evaluator: {e} @{e.Position} '{e.Token}'; compiled: {a} @{a.Position} '{a.Token}'";
        }

        if (actual.Error is { } error)
        {
            return "evaluator gave " + Show(expected.Value) + ", compiled failed with " + error;
        }

        if (Nondeterministic.Any(testCase.Expression.Contains))
        {
            return null;
        }

        return expected.Value.IsUndefined == actual.Value.IsUndefined && (expected.Value.IsUndefined || expected.Value.ToJsonString() == actual.Value.ToJsonString())
            ? null
            : "evaluator gave " + Show(expected.Value) + ", compiled gave " + Show(actual.Value);
    }

    private static string Show(JsonValue value) => value.IsUndefined ? "undefined" : value.ToJsonString();

    private static JsonataOptions Options(JsonataSuiteCase testCase) => JsonataOptions.Default with
    {
        Clock = FixedClock.Instance,
        MaxDepth = testCase.Case["depth"].TryGetInt32(out var depth) ? depth : JsonataOptions.Default.MaxDepth,
        Timeout = testCase.Case["timelimit"].TryGetInt32(out var ms) ? TimeSpan.FromMilliseconds(ms) : TimeSpan.FromSeconds(5),
    };

    private static CompiledCorpus CompileCorpus()
    {
        var cases = JsonataSuiteCase.Load(Path.Combine(RepositoryPaths.Root, "..", "shared", "corpus", "jsonata", "v2.0.6"));
        var numbers = new Dictionary<string, string>(StringComparer.Ordinal);
        var fields = new StringBuilder();
        string Number(double value)
        {
            var literal = JsonataEmitter.DoubleLiteral(value);
            if (!numbers.TryGetValue(literal, out var name))
            {
                name = "N" + numbers.Count.ToString(CultureInfo.InvariantCulture);
                numbers[literal] = name;
                fields.AppendLine("    private static readonly object " + name + " = " + literal + ";");
            }

            return name;
        }

        var emitter = new JsonataEmitter(Number);
        var methods = new StringBuilder();
        var compiledIds = new List<(JsonataSuiteCase Case, string Method)>();
        var reasons = new Dictionary<string, int>(StringComparer.Ordinal);
        var fallbacks = new List<(string Reason, string Id)>();
        foreach (var testCase in cases)
        {
            var body = emitter.TryEmit(testCase.Expression);
            if (body is null)
            {
                var reason = emitter.Unsupported ?? "?";
                reasons[reason] = reasons.GetValueOrDefault(reason) + 1;
                fallbacks.Add((reason, testCase.Id));
                continue;
            }

            foreach (var field in emitter.Fields)
            {
                fields.AppendLine("    " + field);
            }

            var name = "Case" + compiledIds.Count.ToString(CultureInfo.InvariantCulture);
            compiledIds.Add((testCase, name));
            methods.AppendLine("    // " + testCase.Id);
            methods.AppendLine("    public static object? " + name + "(global::AslCompiler.Runtime.Compiled.JsonataScope s, object? x) =>");
            // Laid out over lines as the generator lays out a state's expression: the corpus compiles and runs it so.
            foreach (var line in CSharpExpressionLayout.Lines(body + ";", ProgramEmitter.ExpressionWidth))
            {
                methods.AppendLine("        " + line);
            }
        }

        var source = "// <auto-generated/>\n#nullable enable\nnamespace CorpusCode;\n\ninternal static class Expressions\n{\n" + fields + "\n" + methods + "}\n";
        var compilation = StrictCompilation(source);
        using var stream = new MemoryStream();
        var emit = compilation.Emit(stream);
        var diagnostics = emit.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning || d.DefaultSeverity >= DiagnosticSeverity.Warning)
            .Select(d => d.ToString()).ToList();
        var compiled = new List<(JsonataSuiteCase, MethodInfo)>();
        if (emit.Success)
        {
            var assembly = Assembly.Load(stream.ToArray());
            var type = assembly.GetType("CorpusCode.Expressions")!;
            foreach (var (testCase, method) in compiledIds)
            {
                compiled.Add((testCase, type.GetMethod(method)!));
            }
        }

        return new CompiledCorpus(cases, compiled, reasons, fallbacks, diagnostics);
    }

    private sealed record CompiledCorpus(
        IReadOnlyList<JsonataSuiteCase> Cases,
        IReadOnlyList<(JsonataSuiteCase Case, MethodInfo Method)> Compiled,
        IReadOnlyDictionary<string, int> FallbackReasons,
        IReadOnlyList<(string Reason, string Id)> Fallbacks,
        IReadOnlyList<string> Diagnostics);

    private sealed class FixedClock : TimeProvider
    {
        public static readonly FixedClock Instance = new();

        public override DateTimeOffset GetUtcNow() => new(2024, 5, 6, 7, 8, 9, 123, TimeSpan.Zero);
    }

    /// <summary>One case of the suite: expression, input (undefined when none), bindings and the case object.</summary>
}
