using System.Reflection;
using System.Runtime.Loader;
using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Interpreter;
using AslCompiler.Runtime.Json;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AslCompiler.Generator.Tests.Generator;

/// <summary>
/// JSONata state machines whose expressions the generator compiles to C# (and a few it leaves to the evaluator), run
/// compiled and interpreted: status, output, error, cause and history must be identical, failures included (the cause
/// quotes the JSONata error, its code, message and position).
/// </summary>
public sealed partial class CompiledDifferentialTests
{
    private const string Items = """{"a": 2, "b": 3.5, "items": [{"name": "pen", "price": 4}, {"name": "book", "price": 12}, {"name": "lamp", "price": 30}], "tags": ["x", "y"], "nested": {"deep": {"value": "v"}}}""";

    private static readonly (string Name, string Definition, string Input)[] JsonataMachines =
    [
        ("Operators", """
            {"QueryLanguage": "JSONata", "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true, "Output": {
              "sum": "{% $states.input.a + $states.input.b %}",
              "arith": "{% ($states.input.a * 10 - 1) / 4 % 3 %}",
              "neg": "{% -$states.input.a %}",
              "cmp": "{% [$states.input.a < 3, $states.input.a >= 2, $states.input.a = 2, $states.input.a != 2, 'a' < 'b'] %}",
              "logic": "{% $states.input.a > 1 and ($states.input.b < 1 or true) %}",
              "concat": "{% 'n=' & $states.input.a & ', ' & $states.input.missing & $states.input.nested.deep.value %}",
              "cond": "{% $states.input.a > 5 ? 'big' : $states.input.a > 1 ? 'medium' : 'small' %}",
              "inList": "{% 'y' in $states.input.tags %}",
              "range": "{% [1..$states.input.a + 2] %}",
              "literal": "{% [null, true, false, 1e3, \"s\"] %}"
            }}}}
            """, Items),
        ("Paths", """
            {"QueryLanguage": "JSONata", "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true, "Output": {
              "names": "{% $states.input.items.name %}",
              "expensive": "{% $states.input.items[price > 10].name %}",
              "first": "{% $states.input.items[0] %}",
              "last": "{% $states.input.items[-1].price %}",
              "keep": "{% $states.input.items[price > 20].name[] %}",
              "wild": "{% $states.input.nested.* %}",
              "desc": "{% $states.input.**.value %}",
              "ctx": "{% $states.context.Execution.Name %}",
              "arrays": "{% $states.input.items.[name, price] %}",
              "obj": "{% {'total': $sum($states.input.items.price), 'count': $count($states.input.items)} %}"
            }}}}
            """, Items),
        ("FunctionsAndBlocks", """
            {"QueryLanguage": "JSONata", "StartAt": "A", "States": {
              "A": {"Type": "Pass", "Next": "B",
                "Assign": {"total": "{% $sum($states.input.items.price) %}", "label": "{% $uppercase($states.input.nested.deep.value) %}"},
                "Output": "{% $states.input.items %}"},
              "B": {"Type": "Pass", "End": true, "Output": {
                "total": "{% $total %}",
                "label": "{% $label & '-' & $string($total) %}",
                "block": "{% ($x := $total / 2; $y := $x + 1; [$x, $y]) %}",
                "joined": "{% $join($states.input.name, ',') %}",
                "formatted": "{% $formatNumber($total, '#,##0.00') %}",
                "applied": "{% $states.input.name ~> $join('|') %}",
                "keys": "{% $keys($states.input[0]) %}",
                "now": "{% $now() %}",
                "partition": "{% $partition([1,2,3,4,5], 2) %}",
                "lambda": "{% $map($states.input.price, function($p) { $p * 2 }) %}",
                "sorted": "{% $states.input^(>price).name %}"
              }}}}
            """, Items),
        ("ChoiceAndMap", """
            {"QueryLanguage": "JSONata", "StartAt": "C", "States": {
              "C": {"Type": "Choice", "Default": "Other",
                "Choices": [{"Condition": "{% $count($states.input.items) > 5 %}", "Next": "Other"},
                            {"Condition": "{% $states.input.a = 2 and 'x' in $states.input.tags %}", "Next": "M", "Assign": {"seen": "{% $states.input.a %}"}}]},
              "Other": {"Type": "Succeed"},
              "M": {"Type": "Map", "Items": "{% $states.input.items %}",
                "ItemSelector": {"n": "{% $states.context.Map.Item.Value.name %}", "i": "{% $states.context.Map.Item.Index %}", "s": "{% $seen %}"},
                "ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Pass", "End": true, "Output": "{% $states.input.n & '#' & $states.input.i %}"}}},
                "Output": "{% {'results': $states.result, 'n': $count($states.result)} %}", "End": true}}}
            """, Items),
        ("UserFunctions", """
            {"QueryLanguage": "JSONata", "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true, "Output": {
              "factorial": "{% ($f := function($n) { $n <= 1 ? 1 : $n * $f($n - 1) }; $f($states.input.a + 3)) %}",
              "tail": "{% ($loop := function($n, $acc) { $n = 0 ? $acc : $loop($n - 1, $acc + $n) }; $loop(2000, 0)) %}",
              "signature": "{% (function($x)<n:n> { $x * 2 })($states.input.a) %}",
              "partial": "{% ($first2 := $substring(?, 0, 2); $map($states.input.items.name, $first2)) %}",
              "regex": "{% $match('pen-12 lamp-30', /([a-z]+)-(\\d+)/).groups %}",
              "ignoreCase": "{% $contains($states.input.nested.deep.value, /V/i) %}",
              "computed": "{% $states.input.items.(function($i) { $i.price * 2 })($) %}",
              "positions": "{% $states.input.items#$i[$i > 0].{'n': name, 'i': $i} %}",
              "parent": "{% $states.input.items.name.{'item': $, 'price': %.price} %}",
              "transform": "{% $states.input ~> |items|{'seen': true}, ['price']| %}",
              "sortStage": "{% $states.input.items^(>price)[0].name %}"
            }}}}
            """, Items),
        ("SignatureErrorCause", """
            {"QueryLanguage": "JSONata", "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true, "Output": "{% (function($x)<n:n> { $x })($states.input.tags) %}"}}}
            """, Items),
        ("TypeErrorCause", """
            {"QueryLanguage": "JSONata", "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true, "Output": {"x": "{% $states.input.a + $states.input.nested %}"}}}}
            """, Items),
        ("UndefinedCause", """
            {"QueryLanguage": "JSONata", "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true, "Output": "{% $states.input.nothing.here %}"}}}
            """, Items),
        ("FunctionErrorCause", """
            {"QueryLanguage": "JSONata", "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true, "Output": {"x": ["{% $substring($states.input.a, 1) %}"]}}}}
            """, Items),
        ("ConditionNotBoolean", """
            {"QueryLanguage": "JSONata", "StartAt": "C", "States": {"C": {"Type": "Choice", "Default": "S",
              "Choices": [{"Condition": "{% $states.input.a %}", "Next": "S"}]}, "S": {"Type": "Succeed"}}}
            """, Items),
        ("FailFields", """
            {"QueryLanguage": "JSONata", "StartAt": "F", "States": {"F": {"Type": "Fail",
              "Error": "{% 'Custom.' & $uppercase($states.input.tags[0]) %}", "Cause": "{% 'price ' & $string($states.input.items[1].price) %}"}}}
            """, Items),
        ("ParallelResult", """
            {"QueryLanguage": "JSONata", "StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true,
              "Branches": [{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true, "Output": "{% $states.input.a * 2 %}"}}},
                           {"StartAt": "B", "States": {"B": {"Type": "Pass", "End": true, "Output": "{% $states.input.tags %}"}}}],
              "Output": "{% $states.result[0] + $count($states.result[1]) %}"}}}
            """, Items),
        ("WaitSeconds", """
            {"QueryLanguage": "JSONata", "StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": "{% $states.input.a - 2 %}", "Next": "E"},
              "E": {"Type": "Pass", "End": true, "Output": "{% $states.input.tags[$ = 'y'] %}"}}}
            """, Items),
        ("ArrayInput", """
            {"QueryLanguage": "JSONata", "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true, "Output": {"all": "{% $states.input %}", "n": "{% $count($states.input) %}", "second": "{% $states.input[1] %}", "sum": "{% $sum($states.input) %}"}}}}
            """, "[1, 2, 3]"),
        ("WaitSecondsOutOfRange", """
            {"QueryLanguage": "JSONata", "StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true,
              "Branches": [{"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": "{% $states.input.b %}", "End": true}}}],
              "Catch": [{"ErrorEquals": ["States.QueryEvaluationError"], "Output": "{% $states.errorOutput %}", "Next": "E"}]},
              "E": {"Type": "Succeed"}}}
            """, Items),
        ("MaxConcurrencyOutOfRange", """
            {"QueryLanguage": "JSONata", "StartAt": "M", "States": {"M": {"Type": "Map", "End": true, "Items": "{% $states.input.tags %}",
              "MaxConcurrency": "{% -$states.input.a %}", "ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Pass", "End": true}}}}}}
            """, Items),
    ];

    [Fact]
    public async Task Jsonata_state_machines_compiled_to_CSharp_run_as_the_interpreter_runs_them()
    {
        var files = JsonataMachines.Select(m => GeneratorHarness.File("Jsonata/" + m.Name + ".asl.json", m.Definition)).ToArray();
        var driver = CSharpGeneratorDriver.Create([new AslGenerator().AsSourceGenerator()], files, GeneratorHarness.ParseOptions, GeneratorHarness.Options("JsonataDifferential"));
        var (_, compilation, sources) = GeneratorHarness.Run(driver, GeneratorHarness.Compilation(GeneratorHarness.RuntimeReferences));
        Assert.Empty(GeneratorHarness.WarningsAndErrors(compilation));

        // The 74 expressions are compiled to C# (a method each): lambdas, regular expressions, partial applications,
        // transforms, positional and parent bindings included.
        var all = string.Concat(sources.Values);
        var compiledMethods = System.Text.RegularExpressions.Regex.Count(all, @"private static object\? Jsonata\d+\(");
        Assert.Equal(74, compiledMethods);
        Assert.Contains("JsonataOps.NameStep(", all, StringComparison.Ordinal);

        using var stream = new MemoryStream();
        var emitted = compilation.Emit(stream);
        Assert.True(emitted.Success, string.Join(Environment.NewLine, emitted.Diagnostics));
        stream.Position = 0;
        var context = new AssemblyLoadContext("JsonataDifferential", isCollectible: true);
        try
        {
            var assembly = context.LoadFromStream(stream);
            var differences = new List<string>();
            var failedRuns = 0;
            foreach (var (name, definition, input) in JsonataMachines)
            {
                var type = assembly.GetType("JsonataDifferential.Jsonata." + name) ?? throw new InvalidOperationException("no class for " + name);
                var compiled = (StateMachineProgram)type.GetProperty("Program", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
                var interpreted = AslInterpreter.Compile(definition);
                var testCase = new CorpusCase(name, name, definition, JsonValue.Parse(input), false, JsonValue.Parse("[]"), definition.Contains("\"Map\"", StringComparison.Ordinal) || definition.Contains("\"Parallel\"", StringComparison.Ordinal));
                foreach (var history in new[] { true, false })
                {
                    var left = await RunAsync(interpreted, testCase, history);
                    var right = await RunAsync(compiled, testCase, history);
                    Assert.NotNull(left);
                    failedRuns += history && left.Status != ExecutionStatus.Succeeded ? 1 : 0;
                    if (Difference(left, right, testCase.Concurrent) is { } difference)
                    {
                        differences.Add(name + (history ? string.Empty : " (history off)") + ": " + difference);
                    }
                }
            }

            Assert.True(differences.Count == 0, string.Join(Environment.NewLine, differences));

            // The error cases fail (with the evaluator's cause text, compared above), the others succeed.
            Assert.Equal(7, failedRuns);
        }
        finally
        {
            context.Unload();
        }
    }

    [Fact]
    public void Most_JSONata_expressions_of_the_localstack_corpus_compile_to_CSharp()
    {
        var expressions = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "..", "shared", "corpus", "localstack", "cases"), "*.json"))
        {
            Collect(JsonValue.Parse(File.ReadAllText(file))["definition"], expressions);
        }

        var emitter = new JsonataEmitter(_ => "N");
        var compiled = expressions.Count(e => emitter.TryEmit(e) is not null);
        output.WriteLine($"localstack corpus: {expressions.Count} distinct JSONata expressions, {compiled} compiled to C#, {expressions.Count - compiled} left to the evaluator");
        Assert.True(expressions.Count > 40, "the localstack corpus has JSONata definitions");
        Assert.True(compiled * 100 / expressions.Count >= 70, $"only {compiled} of {expressions.Count} compiled");

        static void Collect(JsonValue value, HashSet<string> into)
        {
            if (value.TryGetString(out var s))
            {
                if (s.Length >= 4 && s.StartsWith("{%", StringComparison.Ordinal) && s.EndsWith("%}", StringComparison.Ordinal))
                {
                    into.Add(s[2..^2]);
                }
            }
            else if (value.IsObject)
            {
                foreach (var member in value.GetObject().AsSpan())
                {
                    Collect(member.Value, into);
                }
            }
            else if (value.IsArray)
            {
                foreach (var item in value.GetArray().AsSpan())
                {
                    Collect(item, into);
                }
            }
        }
    }
}
