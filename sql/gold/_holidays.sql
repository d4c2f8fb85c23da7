-- The default holiday calendar (temporary table cw_holiday_rules): fixed-date public holidays of the
-- countries the simulator uses. One row is a holiday of a country on a month-day every year
-- ('MM-DD') or on one date ('YYYY-MM-DD'). Replaced by <data dir>/config/holidays.csv when that file exists
-- (header country,date,name; same date forms). Movable feasts (Easter, Thanksgiving…) need the CSV.
CREATE OR REPLACE TEMP TABLE cw_holiday_rules AS
SELECT * FROM (VALUES
    ('US', '01-01', 'New Year''s Day'), ('US', '06-19', 'Juneteenth'), ('US', '07-04', 'Independence Day'),
    ('US', '11-11', 'Veterans Day'), ('US', '12-25', 'Christmas Day'),
    ('CA', '01-01', 'New Year''s Day'), ('CA', '07-01', 'Canada Day'), ('CA', '12-25', 'Christmas Day'), ('CA', '12-26', 'Boxing Day'),
    ('GB', '01-01', 'New Year''s Day'), ('GB', '12-25', 'Christmas Day'), ('GB', '12-26', 'Boxing Day'),
    ('DE', '01-01', 'Neujahr'), ('DE', '05-01', 'Tag der Arbeit'), ('DE', '10-03', 'Tag der Deutschen Einheit'),
    ('DE', '12-25', '1. Weihnachtstag'), ('DE', '12-26', '2. Weihnachtstag'),
    ('FR', '01-01', 'Jour de l''an'), ('FR', '05-01', 'Fête du Travail'), ('FR', '05-08', 'Victoire 1945'),
    ('FR', '07-14', 'Fête nationale'), ('FR', '08-15', 'Assomption'), ('FR', '11-01', 'Toussaint'),
    ('FR', '11-11', 'Armistice'), ('FR', '12-25', 'Noël'),
    ('ES', '01-01', 'Año Nuevo'), ('ES', '01-06', 'Epifanía'), ('ES', '05-01', 'Día del Trabajador'),
    ('ES', '08-15', 'Asunción'), ('ES', '10-12', 'Fiesta Nacional'), ('ES', '12-25', 'Navidad'),
    ('IT', '01-01', 'Capodanno'), ('IT', '04-25', 'Festa della Liberazione'), ('IT', '06-02', 'Festa della Repubblica'),
    ('IT', '12-25', 'Natale'),
    ('NL', '01-01', 'Nieuwjaarsdag'), ('NL', '04-27', 'Koningsdag'), ('NL', '12-25', 'Eerste Kerstdag'),
    ('AU', '01-01', 'New Year''s Day'), ('AU', '01-26', 'Australia Day'), ('AU', '04-25', 'Anzac Day'), ('AU', '12-25', 'Christmas Day'),
    ('IN', '01-26', 'Republic Day'), ('IN', '08-15', 'Independence Day'), ('IN', '10-02', 'Gandhi Jayanti'),
    ('BR', '01-01', 'Confraternização Universal'), ('BR', '04-21', 'Tiradentes'), ('BR', '09-07', 'Independência'),
    ('BR', '12-25', 'Natal'),
    ('JP', '01-01', 'Ganjitsu'), ('JP', '02-11', 'Kenkoku Kinen no Hi'), ('JP', '11-03', 'Bunka no Hi')
) AS h(country, date, name);
