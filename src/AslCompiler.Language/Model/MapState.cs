using System.Collections.Generic;
using AslCompiler.Language.Json;

namespace AslCompiler.Language.Model;

/// <summary>A <c>Map</c> state: runs its item processor once per item, inline or distributed.</summary>
public sealed class MapState : State
{
    internal static readonly FieldSet Fields = MakeFields(
        "Label",
        "InputPath",
        "ItemsPath",
        "Items",
        "ItemReader",
        "ItemSelector",
        "Parameters",
        "ItemBatcher",
        "ItemProcessor",
        "Iterator",
        "MaxConcurrency",
        "MaxConcurrencyPath",
        "ToleratedFailureCount",
        "ToleratedFailureCountPath",
        "ToleratedFailurePercentage",
        "ToleratedFailurePercentagePath",
        "ResultWriter",
        "ResultSelector",
        "ResultPath",
        "OutputPath",
        "Output",
        "Assign",
        "Retry",
        "Catch",
        "Next",
        "End");

    internal MapState(JsonPropertySyntax member, JsonObjectSyntax syntax, ModelBuildContext context)
        : base(member, syntax, Fields, context)
    {
        Label = FieldReader.String(syntax, "Label");
        InputPath = FieldReader.Path(syntax, "InputPath");
        ItemsPath = FieldReader.String(syntax, "ItemsPath");
        Items = FieldReader.Raw(syntax, "Items");
        ItemSelector = FieldReader.Raw(syntax, "ItemSelector");
        Parameters = FieldReader.Raw(syntax, "Parameters");
        MaxConcurrency = FieldReader.LiteralOrExpression(syntax, "MaxConcurrency");
        MaxConcurrencyPath = FieldReader.String(syntax, "MaxConcurrencyPath");
        ToleratedFailureCount = FieldReader.LiteralOrExpression(syntax, "ToleratedFailureCount");
        ToleratedFailureCountPath = FieldReader.String(syntax, "ToleratedFailureCountPath");
        ToleratedFailurePercentage = FieldReader.LiteralOrExpression(syntax, "ToleratedFailurePercentage");
        ToleratedFailurePercentagePath = FieldReader.String(syntax, "ToleratedFailurePercentagePath");
        ResultSelector = FieldReader.Raw(syntax, "ResultSelector");
        ResultPath = FieldReader.Path(syntax, "ResultPath");
        OutputPath = FieldReader.Path(syntax, "OutputPath");
        Output = FieldReader.Raw(syntax, "Output");
        Assign = FieldReader.Raw(syntax, "Assign");

        var children = new List<AslNode>();
        if (FieldReader.Object(syntax, "ItemReader") is { } reader)
        {
            ItemReader = new ItemReader(reader);
            children.Add(ItemReader);
        }

        if (FieldReader.Object(syntax, "ItemBatcher") is { } batcher)
        {
            ItemBatcher = new ItemBatcher(batcher);
            children.Add(ItemBatcher);
        }

        if (FieldReader.Object(syntax, "ResultWriter") is { } writer)
        {
            ResultWriter = new ResultWriter(writer);
            children.Add(ResultWriter);
        }

        ItemProcessor = ReadProcessor(syntax, "ItemProcessor", context, children);
        Iterator = ReadProcessor(syntax, "Iterator", context, children);
        (Retry, Catch) = ReadErrorHandling(syntax, children);
        SetChildren(children);
    }

    /// <inheritdoc/>
    public override StateType Type => StateType.Map;

    /// <summary><c>Label</c>: names the child executions of a distributed Map.</summary>
    public string? Label { get; }

    /// <summary><c>InputPath</c> (JSONPath).</summary>
    public NullablePath? InputPath { get; }

    /// <summary><c>ItemsPath</c> (JSONPath): a reference path to the items array.</summary>
    public string? ItemsPath { get; }

    /// <summary><c>Items</c> (JSONata): an array or a JSONata expression giving one, verbatim.</summary>
    public JsonSyntaxNode? Items { get; }

    /// <summary><c>ItemReader</c>, if present as an object.</summary>
    public ItemReader? ItemReader { get; }

    /// <summary><c>ItemSelector</c> payload template for each item.</summary>
    public JsonSyntaxNode? ItemSelector { get; }

    /// <summary><c>Parameters</c>: the deprecated synonym of ItemSelector (JSONPath).</summary>
    public JsonSyntaxNode? Parameters { get; }

    /// <summary><c>ItemBatcher</c>, if present as an object.</summary>
    public ItemBatcher? ItemBatcher { get; }

    /// <summary><c>ItemProcessor</c>, if present as an object.</summary>
    public ItemProcessor? ItemProcessor { get; }

    /// <summary><c>Iterator</c>: the deprecated synonym of ItemProcessor, if present as an object.</summary>
    public ItemProcessor? Iterator { get; }

    /// <summary>The processor that runs: <see cref="ItemProcessor"/>, else <see cref="Iterator"/>.</summary>
    public ItemProcessor? Processor => ItemProcessor ?? Iterator;

    /// <summary><c>MaxConcurrency</c>: a literal integer, or a JSONata expression.</summary>
    public LiteralOrExpression? MaxConcurrency { get; }

    /// <summary><c>MaxConcurrencyPath</c> (JSONPath).</summary>
    public string? MaxConcurrencyPath { get; }

    /// <summary><c>ToleratedFailureCount</c>: a literal integer, or a JSONata expression.</summary>
    public LiteralOrExpression? ToleratedFailureCount { get; }

    /// <summary><c>ToleratedFailureCountPath</c> (JSONPath).</summary>
    public string? ToleratedFailureCountPath { get; }

    /// <summary><c>ToleratedFailurePercentage</c>: a literal number, or a JSONata expression.</summary>
    public LiteralOrExpression? ToleratedFailurePercentage { get; }

    /// <summary><c>ToleratedFailurePercentagePath</c> (JSONPath).</summary>
    public string? ToleratedFailurePercentagePath { get; }

    /// <summary><c>ResultWriter</c>, if present as an object.</summary>
    public ResultWriter? ResultWriter { get; }

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

    private static ItemProcessor? ReadProcessor(JsonObjectSyntax syntax, string name, ModelBuildContext context, List<AslNode> children)
    {
        if (FieldReader.Object(syntax, name) is not { } processorSyntax || !context.TryEnter(processorSyntax))
        {
            return null;
        }

        try
        {
            var processor = new ItemProcessor(processorSyntax, context);
            children.Add(processor);
            return processor;
        }
        finally
        {
            context.Exit();
        }
    }
}
