using System.Collections.Generic;
using AslCompiler.Language.Json;

namespace AslCompiler.Language.Model;

/// <summary>A Map state's <c>ItemReader</c>: where a distributed Map reads its items.</summary>
public sealed class ItemReader : AslNode
{
    internal static readonly FieldSet Fields = new("Resource", "ReaderConfig", "Parameters", "Arguments");

    internal ItemReader(JsonObjectSyntax syntax)
        : base(syntax, Fields)
    {
        Resource = FieldReader.String(syntax, "Resource");
        Parameters = FieldReader.Raw(syntax, "Parameters");
        Arguments = FieldReader.Raw(syntax, "Arguments");
        var children = new List<AslNode>();
        if (FieldReader.Object(syntax, "ReaderConfig") is { } config)
        {
            ReaderConfig = new ReaderConfig(config);
            children.Add(ReaderConfig);
        }

        SetChildren(children);
    }

    /// <summary><c>Resource</c>: the S3 API action, e.g. <c>arn:aws:states:::s3:getObject</c>.</summary>
    public string? Resource { get; }

    /// <summary><c>ReaderConfig</c>, if present as an object.</summary>
    public ReaderConfig? ReaderConfig { get; }

    /// <summary><c>Parameters</c> (JSONPath): bucket, key, ...</summary>
    public JsonSyntaxNode? Parameters { get; }

    /// <summary><c>Arguments</c> (JSONata): bucket, key, ...</summary>
    public JsonSyntaxNode? Arguments { get; }
}

/// <summary><c>ItemReader.ReaderConfig</c>: how to read the data source.</summary>
public sealed class ReaderConfig : AslNode
{
    internal static readonly FieldSet Fields = new(
        "InputType",
        "CSVHeaderLocation",
        "CSVHeaders",
        "CSVDelimiter",
        "ManifestType",
        "Transformation",
        "ItemsPointer",
        "MaxItems",
        "MaxItemsPath");

    internal ReaderConfig(JsonObjectSyntax syntax)
        : base(syntax, Fields)
    {
        InputType = FieldReader.Enum(syntax, "InputType", AslKeywords.ParseReaderInputType);
        CsvHeaderLocation = FieldReader.Enum(syntax, "CSVHeaderLocation", AslKeywords.ParseCsvHeaderLocation);
        CsvHeaders = FieldReader.StringArray(syntax, "CSVHeaders");
        CsvDelimiter = FieldReader.Enum(syntax, "CSVDelimiter", AslKeywords.ParseCsvDelimiter);
        ManifestType = FieldReader.Enum(syntax, "ManifestType", AslKeywords.ParseManifestType);
        Transformation = FieldReader.Enum(syntax, "Transformation", AslKeywords.ParseReaderTransformation);
        ItemsPointer = FieldReader.String(syntax, "ItemsPointer");
        MaxItems = FieldReader.LiteralOrExpression(syntax, "MaxItems");
        MaxItemsPath = FieldReader.String(syntax, "MaxItemsPath");
    }

    /// <summary><c>InputType</c>: CSV, JSON, JSONL, MANIFEST or PARQUET.</summary>
    public ReaderInputType? InputType { get; }

    /// <summary><c>CSVHeaderLocation</c>: FIRST_ROW or GIVEN.</summary>
    public CsvHeaderLocation? CsvHeaderLocation { get; }

    /// <summary><c>CSVHeaders</c>: the column names when the location is GIVEN.</summary>
    public IReadOnlyList<string>? CsvHeaders { get; }

    /// <summary><c>CSVDelimiter</c>.</summary>
    public CsvDelimiter? CsvDelimiter { get; }

    /// <summary><c>ManifestType</c>: ATHENA_DATA or S3_INVENTORY.</summary>
    public ManifestType? ManifestType { get; }

    /// <summary><c>Transformation</c> of listed S3 objects: NONE or LOAD_AND_FLATTEN.</summary>
    public ReaderTransformation? Transformation { get; }

    /// <summary><c>ItemsPointer</c>: a JSON Pointer to the items array inside a JSON file.</summary>
    public string? ItemsPointer { get; }

    /// <summary><c>MaxItems</c>: a literal integer, or a JSONata expression.</summary>
    public LiteralOrExpression? MaxItems { get; }

    /// <summary><c>MaxItemsPath</c> (JSONPath).</summary>
    public string? MaxItemsPath { get; }
}

/// <summary>A Map state's <c>ItemBatcher</c>: how items are grouped per child execution.</summary>
public sealed class ItemBatcher : AslNode
{
    internal static readonly FieldSet Fields = new(
        "MaxItemsPerBatch", "MaxItemsPerBatchPath", "MaxInputBytesPerBatch", "MaxInputBytesPerBatchPath", "BatchInput");

    internal ItemBatcher(JsonObjectSyntax syntax)
        : base(syntax, Fields)
    {
        MaxItemsPerBatch = FieldReader.LiteralOrExpression(syntax, "MaxItemsPerBatch");
        MaxItemsPerBatchPath = FieldReader.String(syntax, "MaxItemsPerBatchPath");
        MaxInputBytesPerBatch = FieldReader.LiteralOrExpression(syntax, "MaxInputBytesPerBatch");
        MaxInputBytesPerBatchPath = FieldReader.String(syntax, "MaxInputBytesPerBatchPath");
        BatchInput = FieldReader.Raw(syntax, "BatchInput");
    }

    /// <summary><c>MaxItemsPerBatch</c>: a literal integer, or a JSONata expression.</summary>
    public LiteralOrExpression? MaxItemsPerBatch { get; }

    /// <summary><c>MaxItemsPerBatchPath</c> (JSONPath).</summary>
    public string? MaxItemsPerBatchPath { get; }

    /// <summary><c>MaxInputBytesPerBatch</c>: a literal integer, or a JSONata expression.</summary>
    public LiteralOrExpression? MaxInputBytesPerBatch { get; }

    /// <summary><c>MaxInputBytesPerBatchPath</c> (JSONPath).</summary>
    public string? MaxInputBytesPerBatchPath { get; }

    /// <summary><c>BatchInput</c>: a payload template added to every batch, verbatim.</summary>
    public JsonSyntaxNode? BatchInput { get; }
}

/// <summary>A Map state's <c>ResultWriter</c>: how (and whether) child results are written to S3.</summary>
public sealed class ResultWriter : AslNode
{
    internal static readonly FieldSet Fields = new("Resource", "WriterConfig", "Parameters", "Arguments");

    internal ResultWriter(JsonObjectSyntax syntax)
        : base(syntax, Fields)
    {
        Resource = FieldReader.String(syntax, "Resource");
        Parameters = FieldReader.Raw(syntax, "Parameters");
        Arguments = FieldReader.Raw(syntax, "Arguments");
        var children = new List<AslNode>();
        if (FieldReader.Object(syntax, "WriterConfig") is { } config)
        {
            WriterConfig = new WriterConfig(config);
            children.Add(WriterConfig);
        }

        SetChildren(children);
    }

    /// <summary><c>Resource</c>: the S3 API action, e.g. <c>arn:aws:states:::s3:putObject</c>.</summary>
    public string? Resource { get; }

    /// <summary><c>WriterConfig</c>, if present as an object.</summary>
    public WriterConfig? WriterConfig { get; }

    /// <summary><c>Parameters</c> (JSONPath): bucket and prefix.</summary>
    public JsonSyntaxNode? Parameters { get; }

    /// <summary><c>Arguments</c> (JSONata): bucket and prefix.</summary>
    public JsonSyntaxNode? Arguments { get; }
}

/// <summary><c>ResultWriter.WriterConfig</c>: the format of the results.</summary>
public sealed class WriterConfig : AslNode
{
    internal static readonly FieldSet Fields = new("OutputType", "Transformation");

    internal WriterConfig(JsonObjectSyntax syntax)
        : base(syntax, Fields)
    {
        OutputType = FieldReader.Enum(syntax, "OutputType", AslKeywords.ParseResultOutputType);
        Transformation = FieldReader.Enum(syntax, "Transformation", AslKeywords.ParseResultTransformation);
    }

    /// <summary><c>OutputType</c>: JSON or JSONL.</summary>
    public ResultOutputType? OutputType { get; }

    /// <summary><c>Transformation</c>: NONE, COMPACT or FLATTEN.</summary>
    public ResultTransformation? Transformation { get; }
}
