using Cartwheel.Contracts;
using Cartwheel.Simulation.Commerce;
using Cartwheel.Simulation.Formats;
using Cartwheel.Simulation.Model;

namespace Cartwheel.Simulation;

/// <summary>Routes generated records to the files of the chosen format (native or seed004).</summary>
internal sealed class ShopOutput : IDisposable
{
    private readonly SimulationOptions _options;
    private readonly Func<string, Stream> _open;
    private readonly List<Func<FileManifest>> _manifests = [];
    private readonly List<IDisposable> _files = [];
    private readonly OutputFile<UserProfile>? _users;
    private readonly OutputFile<Product>? _products;
    private readonly OutputFile<SimEvent> _events;
    private readonly OutputFile<Order>? _orders;
    private readonly OutputFile<InventoryUpdate>? _inventory;
    private readonly OutputFile<Seed004User>? _seedUsers;
    private readonly OutputFile<Seed004Transaction>? _seedTransactions;
    private int _fileSeed;

    public ShopOutput(SimulationOptions options, Func<string, Stream> open, ShopTruth? truth)
    {
        _options = options;
        _open = open;
        if (options.Format == SimulationFormat.Native)
        {
            _users = File(new UsersCsvFormat(), false, truth is null ? null : truth.User);
            _products = File(new ProductsCsvFormat(), false, truth is null ? null : truth.Product);
            _events = File(new EventsJsonFormat(options.PadEventsTo, options.Seed), true, truth is null ? null : truth.Event, truth is null ? null : truth.DuplicatedEvent);
            _orders = File(new OrdersJsonFormat(), true, truth is null ? null : truth.Order);
            _inventory = File(new InventoryJsonFormat(), true, truth is null ? null : truth.Inventory);
        }
        else
        {
            _seedUsers = File(new Seed004UsersCsvFormat(), false, truth is null ? null : truth.Seed004User);
            _events = File(new Seed004EventsJsonFormat(), true, truth is null ? null : truth.Seed004Event, truth is null ? null : truth.DuplicatedEvent);
            _seedTransactions = File(new Seed004TransactionsCsvFormat(), true, truth is null ? null : truth.Seed004Transaction);
        }
    }

    /// <summary>Writes every profile version (native) or one row per customer (seed004), in time order.</summary>
    public void AddUsers(IEnumerable<SimUser> users)
    {
        foreach (var version in users.SelectMany(u => u.Versions).OrderBy(v => v.UpdatedAt).ThenBy(v => v.UserId, StringComparer.Ordinal))
        {
            _users?.Add(version, version.UpdatedAt);
        }

        foreach (var user in users.OrderBy(u => u.Signup).ThenBy(u => u.Id, StringComparer.Ordinal))
        {
            var profile = user.Versions[0];
            _seedUsers?.Add(new Seed004User(user.Id, profile.SignupDate, EventJson.DeviceName(profile.DeviceType), profile.Country), user.Signup);
        }

        _users?.FlushAll();
        _seedUsers?.FlushAll();
    }

    public void AddProducts(IEnumerable<SimProduct> products)
    {
        if (_products is null)
        {
            return;
        }

        foreach (var version in products.SelectMany(p => p.Versions).OrderBy(v => v.UpdatedAt).ThenBy(v => v.ProductId, StringComparer.Ordinal))
        {
            _products.Add(version, version.UpdatedAt);
        }

        _products.FlushAll();
    }

    public void AddEvent(SimEvent e) => _events.Add(e, e.IngestionTime, e.Late);

    /// <summary>An order version (native) or, when it completes, its payment (seed004).</summary>
    public void AddOrder(Order version)
    {
        _orders?.Add(version, version.UpdatedAt);
        if (_seedTransactions is not null && version.Status == OrderStatus.Completed)
        {
            _seedTransactions.Add(new Seed004Transaction("t_" + version.OrderId[2..], version.SessionId!, version.UserId,
                OrderFactory.Total(version), version.Currency, version.UpdatedAt), version.UpdatedAt);
        }
    }

    public void AddInventory(InventoryUpdate update) => _inventory?.Add(update, update.EventTime);

    public void FlushBefore(DateTimeOffset watermark)
    {
        _events.FlushBefore(watermark);
        _orders?.FlushBefore(watermark);
        _inventory?.FlushBefore(watermark);
        _seedTransactions?.FlushBefore(watermark);
    }

    public void FlushAll()
    {
        _events.FlushAll();
        _orders?.FlushAll();
        _inventory?.FlushAll();
        _seedTransactions?.FlushAll();
    }

    public IReadOnlyList<FileManifest> Manifest() => _manifests.Select(m => m()).ToList();

    public void Dispose()
    {
        foreach (var file in _files)
        {
            file.Dispose();
        }
    }

    private OutputFile<T> File<T>(RecordFormat<T> format, bool duplicates, Action<T, byte[]>? onClean, Action<T>? onDuplicate = null)
    {
        // Each file injects with its own random stream, so one file's injections never shift another's.
        var seed = unchecked((_options.Seed * 7919) + (++_fileSeed * 104_729));
        var file = new OutputFile<T>(format, _open(format.FileName), seed, _options.CorruptRate, duplicates ? _options.DuplicateRate : 0,
            onClean, onDuplicate);
        _files.Add(file);
        _manifests.Add(file.Manifest);
        return file;
    }
}
