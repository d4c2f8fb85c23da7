using System.Runtime.CompilerServices;

namespace Cartwheel.Warehouse.NativeGold;

internal sealed partial class SessionFold
{
    /// <summary>
    /// Groups the rows by session and orders each group by (event_time, event_id prefix); false when two rows of a
    /// session have the same time and prefix but other types (their order needs the whole ids: the SQL path decides).
    /// Rows with the same time and prefix and the same type may come in either order: the list is the same.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Finish()
    {
        var sessions = _keys.Count;
        _groups = new int[sessions + 1];
        for (var i = 0; i < _rows; i++)
        {
            _groups[_rowSession[i] + 1]++;
        }

        for (var s = 0; s < sessions; s++)
        {
            _groups[s + 1] += _groups[s];
        }

        var next = _groups[..sessions];
        _order = new int[_rows];
        for (var i = 0; i < _rows; i++)
        {
            _order[next[_rowSession[i]]++] = i;
        }

        for (var s = 0; s < sessions; s++)
        {
            if (!SortGroup(_groups[s], _groups[s + 1]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Insertion sort of one session's rows (a few each; read mostly in order already), then the tie check.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool SortGroup(int first, int end)
    {
        if (end - first > 32)
        {
            Array.Sort(_order, first, end - first, Comparer<int>.Create((a, b) => Before(a, b) ? -1 : Before(b, a) ? 1 : 0));
        }

        for (var i = first + 1; i < end; i++)
        {
            var row = _order[i];
            var j = i - 1;
            while (j >= first && Before(row, _order[j]))
            {
                _order[j + 1] = _order[j];
                j--;
            }

            _order[j + 1] = row;
        }

        for (var i = first + 1; i < end; i++)
        {
            var (a, b) = (_order[i - 1], _order[i]);
            if (_rowTime[a] == _rowTime[b] && _rowPrefix[a] == _rowPrefix[b] && _rowType[a] != _rowType[b])
            {
                return false;
            }
        }

        return true;
    }

    private bool Before(int a, int b) => _rowTime[a] < _rowTime[b] || (_rowTime[a] == _rowTime[b] && _rowPrefix[a] < _rowPrefix[b]);
}
