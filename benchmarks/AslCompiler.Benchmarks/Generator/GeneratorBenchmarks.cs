extern alias generator;

using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Threading;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using AslGenerator = generator::AslCompiler.Generator.AslGenerator;

namespace AslCompiler.Benchmarks.Generator;

/// <summary>
/// The generator's own cost (issue 7: under 10 ms to regenerate one 100-state definition after an edit): the driver
/// has run once; each operation edits the definition (half of its states change a value) and runs the same driver
/// again on the same compilation, so the steps an edit does not touch (the runtime reference, the collision check)
/// stay cached as in an IDE. The compilation references AslCompiler.Runtime, as a user's project does, so the compiled
/// program is emitted too. An operation takes a few milliseconds: iterations of at least 250 ms average enough of them
/// on a busy machine (the short job's default gives iterations of a few operations).
/// </summary>
[MemoryDiagnoser]
[IterationTime(250)]
public class GeneratorBenchmarks
{
    private readonly string[] _texts = [Definition(0), Definition(1)];
    private readonly string[] _reformatted = [Definition(0), Definition(0).Replace("{\"Type\"", "{\n      \"Type\"", System.StringComparison.Ordinal)];
    private GeneratorDriver _driver = null!;
    private Compilation _compilation = null!;
    private AdditionalText _current = null!;
    private int _edit;
    private readonly string[] _wideTexts = [WideDefinition(0), WideDefinition(1)];
    private GeneratorDriver _wideDriver = null!;
    private AdditionalText _wideCurrent = null!;

    /// <summary>Runs the generator once on the first text.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _compilation = CSharpCompilation.Create("Bench", references:
        [
            MetadataReference.CreateFromFile(typeof(object).Assembly.Location),
            MetadataReference.CreateFromFile(typeof(AslCompiler.Runtime.Execution.ExecutionKernel).Assembly.Location),
        ]);
        _current = new Text("/p/Flow.asl.json", _texts[0]);
        _driver = CSharpGeneratorDriver.Create([new AslGenerator().AsSourceGenerator()], [_current], CSharpParseOptions.Default, new Options());
        _driver = _driver.RunGenerators(_compilation);
        if (_driver.GetRunResult().GeneratedTrees.Length != 1)
        {
            throw new System.InvalidOperationException("The benchmark definition did not generate.");
        }

        _wideCurrent = new Text("/p/Wide.asl.json", _wideTexts[0]);
        _wideDriver = CSharpGeneratorDriver.Create([new AslGenerator().AsSourceGenerator()], [_wideCurrent], CSharpParseOptions.Default, new Options()).RunGenerators(_compilation);
        if (_wideDriver.GetRunResult().GeneratedTrees.Length != 1)
        {
            throw new System.InvalidOperationException("The wide benchmark definition did not generate.");
        }
    }

    /// <summary>
    /// Edit a definition whose one Pass state's Parameters has 20,000 path members (458 KB, half of AWS's limit) and
    /// regenerate: the template's payload bound once compared each path with each (6 s on this machine).
    /// </summary>
    [Benchmark]
    public GeneratorDriver Regenerate_a_20000_member_template_after_an_edit() =>
        Rerun(ref _wideDriver, ref _wideCurrent, _wideTexts[++_edit % 2]);

    /// <summary>Edit the 100-state definition and regenerate.</summary>
    [Benchmark]
    public GeneratorDriver Regenerate_100_states_after_an_edit() => Rerun(ref _driver, ref _current, _texts[++_edit % 2]);

    /// <summary>Reformat the 100-state definition (whitespace only) and rerun: nothing after reading the file should run.</summary>
    [Benchmark]
    public GeneratorDriver Rerun_100_states_after_a_whitespace_edit() => Rerun(ref _driver, ref _current, _reformatted[++_edit % 2]);

    // Replaces the file's text and runs the same driver again on the same compilation, as an IDE does after an edit.
    private GeneratorDriver Rerun(ref GeneratorDriver driver, ref AdditionalText current, string text)
    {
        var next = new Text(current.Path, text);
        driver = driver.ReplaceAdditionalText(current, next).RunGenerators(_compilation);
        current = next;
        return driver;
    }

    private static string WideDefinition(int variant)
    {
        var b = new StringBuilder("{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"Parameters\":{\"variant\":").Append(variant);
        for (var i = 0; i < 20_000; i++)
        {
            var n = i.ToString(CultureInfo.InvariantCulture);
            b.Append(",\"k").Append(n).Append(".$\":\"$.a").Append(n).Append('"');
        }

        return b.Append("},\"End\":true}}}").ToString();
    }

    private static string Definition(int variant)
    {
        var b = new StringBuilder("{\"StartAt\":\"S0\",\"States\":{");
        for (var i = 0; i < 100; i++)
        {
            var name = "S" + i.ToString(CultureInfo.InvariantCulture);
            var next = i == 99 ? "\"End\":true" : "\"Next\":\"S" + (i + 1).ToString(CultureInfo.InvariantCulture) + "\"";
            b.Append('"').Append(name).Append("\":");
            switch (i % 4)
            {
                case 0:
                    b.Append("{\"Type\":\"Pass\",\"Parameters\":{\"id.$\":\"$.id\",\"n.$\":\"States.MathAdd($.n, 1)\",\"k\":").Append(variant).Append("},").Append(next).Append('}');
                    break;
                case 1:
                    b.Append("{\"Type\":\"Task\",\"Resource\":\"arn:aws:lambda:us-east-1:123456789012:function:f").Append(i).Append("\",\"ResultPath\":\"$.r").Append(i)
                        .Append("\",\"Retry\":[{\"ErrorEquals\":[\"States.ALL\"],\"MaxAttempts\":2}],").Append(next).Append('}');
                    break;
                case 2:
                    var target = i == 99 ? "S0" : "S" + (i + 1).ToString(CultureInfo.InvariantCulture);
                    b.Append("{\"Type\":\"Choice\",\"Choices\":[{\"And\":[{\"Variable\":\"$.n\",\"NumericGreaterThan\":3},{\"Variable\":\"$.id\",\"StringMatches\":\"A*\"}],\"Next\":\"")
                        .Append(target).Append("\"}],\"Default\":\"").Append(target).Append("\"}");
                    break;
                default:
                    b.Append("{\"Type\":\"Pass\",\"Result\":{\"v\":").Append(variant).Append("},\"ResultPath\":\"$.p.q\",").Append(next).Append('}');
                    break;
            }

            b.Append(i == 99 ? string.Empty : ",");
        }

        return b.Append("}}").ToString();
    }

    private sealed class Text(string path, string text) : AdditionalText
    {
        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
    }

    private sealed class Options : AnalyzerConfigOptionsProvider
    {
        private static readonly Values Global = new(ImmutableDictionary<string, string>.Empty.Add("build_property.RootNamespace", "Bench").Add("build_property.ProjectDir", "/p/"));
        private static readonly Values None = new(ImmutableDictionary<string, string>.Empty);

        public override AnalyzerConfigOptions GlobalOptions => Global;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => None;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => None;
    }

    private sealed class Values(ImmutableDictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
    }
}
