using System.Collections.Generic;
using AslCompiler.Language.Json;

namespace AslCompiler.Language.Model;

/// <summary>A <c>Choice</c> state: goes to the <c>Next</c> of the first matching rule, else to <c>Default</c>.</summary>
public sealed class ChoiceState : State
{
    internal static readonly FieldSet Fields = MakeFields("InputPath", "Choices", "Default", "OutputPath", "Output", "Assign");

    internal ChoiceState(JsonPropertySyntax member, JsonObjectSyntax syntax, ModelBuildContext context)
        : base(member, syntax, Fields, context)
    {
        InputPath = FieldReader.Path(syntax, "InputPath");
        Default = FieldReader.String(syntax, "Default");
        OutputPath = FieldReader.Path(syntax, "OutputPath");
        Output = FieldReader.Raw(syntax, "Output");
        Assign = FieldReader.Raw(syntax, "Assign");
        var children = new List<AslNode>();
        if (syntax["Choices"] is JsonArraySyntax)
        {
            var rules = new List<ChoiceRule>();
            foreach (var item in FieldReader.ObjectItems(syntax, "Choices"))
            {
                rules.Add(new ChoiceRule(item, isNested: false, context));
            }

            Choices = rules.ToArray();
            children.AddRange(rules);
        }

        SetChildren(children);
    }

    /// <inheritdoc/>
    public override StateType Type => StateType.Choice;

    /// <summary><c>InputPath</c> (JSONPath).</summary>
    public NullablePath? InputPath { get; }

    /// <summary><c>Choices</c>: the top-level rules (object elements only), or <see langword="null"/> when absent or not an array.</summary>
    public IReadOnlyList<ChoiceRule>? Choices { get; }

    /// <summary><c>Default</c>: the state to go to when no rule matches.</summary>
    public string? Default { get; }

    /// <summary><c>OutputPath</c> (JSONPath).</summary>
    public NullablePath? OutputPath { get; }

    /// <summary><c>Output</c> (JSONata).</summary>
    public JsonSyntaxNode? Output { get; }

    /// <summary><c>Assign</c>.</summary>
    public JsonSyntaxNode? Assign { get; }
}

/// <summary>A <c>Parallel</c> state: runs every branch on the same input.</summary>
public sealed class ParallelState : State
{
    internal static readonly FieldSet Fields = MakeFields(
        "InputPath",
        "Parameters",
        "Arguments",
        "Branches",
        "ResultSelector",
        "ResultPath",
        "OutputPath",
        "Output",
        "Assign",
        "Retry",
        "Catch",
        "Next",
        "End");

    internal ParallelState(JsonPropertySyntax member, JsonObjectSyntax syntax, ModelBuildContext context)
        : base(member, syntax, Fields, context)
    {
        InputPath = FieldReader.Path(syntax, "InputPath");
        Parameters = FieldReader.Raw(syntax, "Parameters");
        Arguments = FieldReader.Raw(syntax, "Arguments");
        ResultSelector = FieldReader.Raw(syntax, "ResultSelector");
        ResultPath = FieldReader.Path(syntax, "ResultPath");
        OutputPath = FieldReader.Path(syntax, "OutputPath");
        Output = FieldReader.Raw(syntax, "Output");
        Assign = FieldReader.Raw(syntax, "Assign");
        var children = new List<AslNode>();
        if (syntax["Branches"] is JsonArraySyntax branchesSyntax && context.TryEnter(branchesSyntax))
        {
            try
            {
                var branches = new List<ParallelBranch>();
                foreach (var item in FieldReader.ObjectItems(syntax, "Branches"))
                {
                    branches.Add(new ParallelBranch(item, context));
                }

                Branches = branches.ToArray();
                children.AddRange(branches);
            }
            finally
            {
                context.Exit();
            }
        }

        (Retry, Catch) = ReadErrorHandling(syntax, children);
        SetChildren(children);
    }

    /// <inheritdoc/>
    public override StateType Type => StateType.Parallel;

    /// <summary><c>InputPath</c> (JSONPath).</summary>
    public NullablePath? InputPath { get; }

    /// <summary><c>Parameters</c> payload template (JSONPath).</summary>
    public JsonSyntaxNode? Parameters { get; }

    /// <summary><c>Arguments</c> (JSONata).</summary>
    public JsonSyntaxNode? Arguments { get; }

    /// <summary><c>Branches</c> (object elements only), or <see langword="null"/> when absent or not an array.</summary>
    public IReadOnlyList<ParallelBranch>? Branches { get; }

    /// <summary><c>ResultSelector</c> payload template (JSONPath).</summary>
    public JsonSyntaxNode? ResultSelector { get; }

    /// <summary><c>ResultPath</c> (JSONPath).</summary>
    public NullablePath? ResultPath { get; }

    /// <summary><c>OutputPath</c> (JSONPath).</summary>
    public NullablePath? OutputPath { get; }

    /// <summary><c>Output</c> (JSONata).</summary>
    public JsonSyntaxNode? Output { get; }

    /// <summary><c>Assign</c>.</summary>
    public JsonSyntaxNode? Assign { get; }

    /// <summary><c>Retry</c> (object elements only), or <see langword="null"/> when absent or not an array.</summary>
    public IReadOnlyList<Retrier>? Retry { get; }

    /// <summary><c>Catch</c> (object elements only), or <see langword="null"/> when absent or not an array.</summary>
    public IReadOnlyList<Catcher>? Catch { get; }
}
